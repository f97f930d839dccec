#!/usr/bin/python3
"""Benign files of formats Sentinel does not unpickle, as their libraries write
them: the twins that must stay clean while every file is also read as a
pickle (tests/readings). Run in the sid chroot, where python3-safetensors is:

    scripts/chroot/run_in_chroot.sh sid /usr/bin/python3 scripts/gen_format_fixtures.py

Writes tests/fixtures/formats/*.safetensors (small, deterministic)."""

import os

import numpy as np
import torch
from safetensors.numpy import save_file as save_numpy
from safetensors.torch import save_file as save_torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "formats")


def main():
    os.makedirs(OUT, exist_ok=True)
    g = torch.Generator().manual_seed(0)
    save_torch({"weight": torch.randn(16, 8, generator=g), "bias": torch.zeros(16),
                "ids": torch.arange(40, dtype=torch.int64)},
               os.path.join(OUT, "torch_linear.safetensors"), metadata={"format": "pt"})
    rng = np.random.default_rng(0)
    save_numpy({"embeddings": rng.standard_normal((32, 4)).astype(np.float16),
                "mask": np.ones(64, dtype=np.bool_)}, os.path.join(OUT, "numpy_arrays.safetensors"))
    # Every first byte of the header length: sizes that make it a pickle opcode.
    for name, width in (("proto_byte", 0x80 - 10), ("mark_byte", 0x28 - 10)):
        save_torch({"t": torch.zeros(1)}, os.path.join(OUT, "header_%s.safetensors" % name),
                   metadata={"pad": "x" * width})


if __name__ == "__main__":
    main()
