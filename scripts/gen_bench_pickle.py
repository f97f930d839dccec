#!/usr/bin/python3
"""Write a large, opcode-dense, benign pickle for the throughput benchmark.

    /usr/bin/python3 scripts/gen_bench_pickle.py OUT [--size-mb 300] [--seed 1]

The file is ONE protocol-4 pickle stream of a flat list of small records:
lists and tuples mixing ints of every width, floats, short strs and bytes,
bools and None, and small nested dicts. It is what

    p = pickle.Pickler(f, protocol=4); p.fast = True; p.dump(records)

writes (no memo: MEMOIZE/BINPUT never appear, so every value is spelled out),
except that it is produced in pieces so memory stays small whatever the size:
a pool of record batches is pickled once with the C Pickler, and the output is
PROTO 4, EMPTY_LIST, then the batches' MARK ... APPENDS runs picked from the
pool by a seeded generator, each in its own FRAME, then STOP. pickle.loads and
pickletools.genops read it as the single list it is.

Deterministic: the same --size-mb and --seed give byte-identical files. The
size is reached to within one batch (~48 KB); MB means 10^6 bytes.
"""

import argparse
import io
import pickle
import random
import struct
import sys

PROTO = b"\x80"
FRAME = b"\x95"
EMPTY_LIST = b"]"
STOP = b"."
BATCH_RECORDS = 1000  # the C Pickler writes APPENDS every 1000 items
POOL_BATCHES = 256    # distinct batches; far more bytes than any CPU predicts

WORDS = ["a", "id", "x", "key", "name", "val", "w", "bias", "lr", "ok", "fc1", "relu", "é", "日本"]


def record(rng):
    """One small record; the shape is picked at random."""
    shape = rng.randrange(6)
    if shape == 0:  # mixed scalars in a list
        return [rng.randrange(256), rng.randrange(-(1 << 31), 1 << 31), rng.random(),
                rng.choice(WORDS), rng.random() < 0.5, None]
    if shape == 1:  # a short tuple (TUPLE2/TUPLE3)
        return (rng.randrange(65536), rng.choice(WORDS)) if rng.random() < 0.5 else \
               (rng.random(), rng.randrange(100), rng.random() < 0.5)
    if shape == 2:  # a longer tuple (MARK ... TUPLE) with a big int and bytes
        return (rng.randrange(1 << 70), rng.randrange(-1000, 1000), rng.random() * 1e6,
                bytes(rng.randrange(256) for _ in range(rng.randrange(1, 6))), None)
    if shape == 3:  # a nested dict
        return {"name": rng.choice(WORDS), "step": rng.randrange(1 << 20),
                "vals": [rng.random() for _ in range(rng.randrange(1, 4))],
                "flags": (rng.random() < 0.5, None)}
    if shape == 4:  # a list of small ints
        return [rng.randrange(300) for _ in range(rng.randrange(2, 8))]
    return [rng.choice(WORDS), [rng.random(), rng.randrange(10)], {"k": rng.randrange(5)}]


def batch_body(records):
    """The MARK ... APPENDS part of a fast (memo-less) protocol-4 pickle of `records`."""
    buf = io.BytesIO()
    p = pickle.Pickler(buf, protocol=4)
    p.fast = True
    p.dump(records)
    data = buf.getvalue()
    # PROTO 4 | FRAME <u64 n> | EMPTY_LIST | (MARK items APPENDS)+ | STOP, all in one frame.
    assert data[:2] == PROTO + b"\x04" and data[2:3] == FRAME, "expected a framed protocol-4 pickle"
    (n,) = struct.unpack("<Q", data[3:11])
    assert 11 + n == len(data), "batch spans several frames; lower BATCH_RECORDS"
    assert data[11:12] == EMPTY_LIST and data[-1:] == STOP
    return data[12:-1]


def frame(body):
    return FRAME + struct.pack("<Q", len(body)) + body


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--size-mb", type=float, default=300.0, help="target size in 10^6 bytes (default 300)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    pool = [frame(batch_body([record(rng) for _ in range(BATCH_RECORDS)])) for _ in range(POOL_BATCHES)]
    target = int(args.size_mb * 1_000_000)

    written = 0
    batches = 0
    with open(args.out, "wb") as f:
        head = PROTO + b"\x04" + frame(EMPTY_LIST)
        f.write(head)
        written += len(head)
        while written + 1 < target:
            chunk = pool[rng.randrange(POOL_BATCHES)]
            f.write(chunk)
            written += len(chunk)
            batches += 1
        f.write(STOP)
        written += 1
    print(f"{args.out}: {written} bytes, {batches * BATCH_RECORDS} records in {batches} frames",
          file=sys.stderr)


if __name__ == "__main__":
    main()
