#!/usr/bin/python3
"""Writes small, real TorchScript archives (torch.jit.save output) for the
TorchScript code rule's false-positive suite: tests/fixtures/torchscript/<suite>/.

Run with each generation's own torch, e.g.

    /usr/bin/python3 scripts/gen_torchscript_fixtures.py tests/fixtures/torchscript/bookworm
    chroot /srv/chroots/trixie /usr/bin/python3 /tmp/gen_torchscript_fixtures.py /tmp/ts-trixie

(then copy the chroot's output in). Every archive is benign: its code/ records
are what the scripting or tracing compiler wrote, and the scanner must report
nothing about them. A model the generation's torch cannot build (no quantized
engine, say) is skipped with a note, never faked.

    /usr/bin/python3 scripts/gen_torchscript_fixtures.py --malicious tests/fixtures/torchscript/malicious

rewrites code/ records of the committed bookworm archives (as bytes, with
zipfile: nothing is compiled or run) into the malicious samples of
MALICIOUS below; tests/python/test_torchscript_runs.py uses rewrite() to show
torch.jit.load really runs such code.
"""

import io
import os
import sys
import warnings
import zipfile

warnings.filterwarnings("ignore")


import torch
import torch.nn as nn


def rewrite(archive, statement, method, record_suffix, rename=None):
    """The archive's bytes with `statement` (lines, no indentation) inserted at
    the start of `method` in the code record whose name ends with
    `record_suffix`; `rename` maps that record's name to another spelling."""
    source = zipfile.ZipFile(io.BytesIO(archive))
    out = io.BytesIO()
    done = False
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            name = info.filename
            if name.endswith(record_suffix):
                text = data.decode()
                start = text.index(f"  def {method}(")
                end = start
                while not text[end:text.index("\n", end)].rstrip().endswith(":"):
                    end = text.index("\n", end) + 1
                body = text.index("\n", end) + 1
                indent = text[body:len(text) - len(text[body:].lstrip(" "))]
                lines = "".join(indent + line + "\n" for line in statement.splitlines())
                data = (text[:body] + lines + text[body:]).encode()
                name = rename(name) if rename else name
                done = True
            target.writestr(name, data)
    if not done:
        raise ValueError(f"no record ends with {record_suffix}")
    return out.getvalue()


GETSTATE = ("getstate_scripted", "__setstate__", "code/__torch__.py")
LINEAR = ("linear_scripted", "forward", "code/__torch__/torch/nn/modules/linear.py")
MARKER = "/nonexistent/sentinel-marker"

# name -> (base, method, record, statement, rename)
MALICIOUS = {
    "save_setstate": (*GETSTATE, f'torch.save(state, "{MARKER}")', None),
    "save_alias_upper_record": (*GETSTATE, f's = torch.save\ns(state, "{MARKER}")',
                                lambda n: n.replace("/code/__torch__.py", "/CODE/__TORCH__.PY")),
    "save_ops_aten": (*GETSTATE, f'ops.aten.save(state, "{MARKER}")', None),
    "save_getattr": (*GETSTATE, f'getattr(torch, "save")(state, "{MARKER}")', None),
    "save_autograd_alias": (*GETSTATE, f'_9 = torch.autograd\n_9.save(state, "{MARKER}")', None),
    "from_file_forward": (*LINEAR, 't = torch.from_file("/etc/passwd", False, 64)', None),
    "from_file_ops_alias": (*LINEAR, 'a = ops.aten\nt = (a).from_file("/etc/passwd", False, 64)',
                            lambda n: n.replace("/code/", "/Code/")),
    "custom_op": (*LINEAR, "input = ops.myext.run(input)", None),
    "custom_op_torch_ops": (*LINEAR, "input = torch.ops.myext.run(input)", None),
    "distributed_op": (*LINEAR, "_w = ops.c10d.barrier(input)", None),
    "custom_class": (*GETSTATE, "r = __torch__.torch.classes.myext.Runner()", None),
    "open_builtin": (*GETSTATE, f'f = open("{MARKER}", "w")', None),
    "import_os_system": (*GETSTATE, '_x = __import__("os").system("id")', None),
    "exec_builtin": (*LINEAR, 'exec("import os")', None),
    "jit_load": (*GETSTATE, 'm = torch.jit.load("/tmp/other.pt")', None),
    "torch_load": (*GETSTATE, 'o = torch.load("/tmp/other.pt")', None),
    "load_library": (*LINEAR, 'torch.ops.load_library("/tmp/libevil.so")', None),
    "torch_c_internals": (*GETSTATE, "_x = torch._C._jit_set_profiling_mode(False)", None),
}


def write_malicious(out):
    os.makedirs(out, exist_ok=True)
    here = os.path.dirname(os.path.abspath(__file__))
    benign = os.path.join(here, "..", "tests", "fixtures", "torchscript", "bookworm")
    for name, (base, method, record, statement, rename) in MALICIOUS.items():
        with open(os.path.join(benign, base + ".pt"), "rb") as f:
            data = rewrite(f.read(), statement, method, record, rename)
        with open(os.path.join(out, name + ".pt"), "wb") as f:
            f.write(data)
        print(f"{out}/{name}.pt {len(data)} bytes")


class WithState(nn.Module):
    """Custom __getstate__/__setstate__ doing only tensor math: torch.jit.load
    runs __setstate__ while it restores the module."""

    def __init__(self):
        super().__init__()
        self.scale = torch.ones(3)
        self.offset = 0.5

    def forward(self, x):
        return x * self.scale + self.offset

    @torch.jit.export
    def __getstate__(self):
        return (self.scale, self.offset, self.training)

    @torch.jit.export
    def __setstate__(self, state):
        self.scale = torch.clamp(state[0] * 2.0, -1.0, 1.0).contiguous()
        self.offset = state[1]
        self.training = state[2]


class Mixed(nn.Module):
    """Control flow, lists, dicts, strings, exceptions, torch.ops.aten spellings
    and a profiler region: the constructs real scripted code has."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 2, 3)
        self.bn = nn.BatchNorm2d(2)
        self.names = ["a", "b"]

    def forward(self, x, n: int = 2):
        with torch.autograd.profiler.record_function("block"):
            y = torch.relu(self.bn(self.conv(x)))
        out = {}
        for i in range(n):
            if i % 2 == 0:
                out[self.names[i % 2]] = torch.ops.aten.add(y, float(i))
            else:
                out[self.names[i % 2]] = y.sum(dim=1).unsqueeze(1)
        if x.dim() != 4:
            raise ValueError("expected NCHW, got {}".format(x.dim()))
        return torch.cat([out["a"], out["b"]], dim=1)


class Tiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        return torch.softmax(self.fc(x), dim=-1)


def models():
    yield "linear_scripted", lambda: torch.jit.script(nn.Linear(4, 2))
    yield "getstate_scripted", lambda: torch.jit.script(WithState())
    yield "lstm_scripted", lambda: torch.jit.script(nn.LSTM(3, 4, num_layers=1))
    yield "gru_scripted", lambda: torch.jit.script(nn.GRU(3, 4))
    yield "conv_traced", lambda: torch.jit.trace(
        nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.MaxPool2d(2)), torch.zeros(1, 1, 6, 6))
    yield "mixed_scripted", lambda: torch.jit.script(Mixed())
    yield "transformer_scripted", lambda: torch.jit.script(
        nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16, dropout=0.0))
    yield "quantized_dynamic_scripted", lambda: torch.jit.script(
        torch.ao.quantization.quantize_dynamic(Tiny(), {nn.Linear}, dtype=torch.qint8))
    yield "embedding_traced", lambda: torch.jit.trace(nn.EmbeddingBag(10, 3, mode="mean"),
                                                      (torch.tensor([1, 2, 4, 5]), torch.tensor([0, 2])))


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--malicious":
        write_malicious(sys.argv[2])
        return
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    for name, build in models():
        try:
            module = build()
        except Exception as e:  # a generation without this model kind
            print(f"skip {name}: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}", file=sys.stderr)
            continue
        path = os.path.join(out, name + ".pt")
        torch.jit.save(module, path)
        torch.jit.load(path)  # the archive is one torch itself loads
        print(f"{path} {os.path.getsize(path)} bytes (torch {torch.__version__})")


if __name__ == "__main__":
    main()
