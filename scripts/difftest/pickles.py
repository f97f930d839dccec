#!/usr/bin/python3
"""Pickle-level differential fuzzer: CPython's unpicklers against Sentinel.

    scripts/difftest/pickles.py fuzz --sentinel build/sentinel --seconds 3600
    scripts/difftest/pickles.py replay --sentinel build/sentinel

`fuzz` generates pickle streams (an opcode grammar that favours the places
where readers disagree, plus byte mutations and splices of what it kept),
runs each through the C and the pure-Python unpickler with recording,
never-executing hooks (pickle_oracle.py, in a subprocess), and through
`sentinel trace --effects`. A divergence is an import or a call that either
unpickler reaches and Sentinel does not report; each is written to
tests/difftest/pickles/divergences/ and becomes a regression seed. Samples
that reached something are kept (bounded) in tests/difftest/pickles/corpus/.

`replay` runs the committed corpus and divergences the same way and exits 1
on any divergence: it is part of the test suite.
"""

import argparse
import hashlib
import json
import os
import random
import re
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DATA = os.path.join(ROOT, "tests", "difftest", "pickles")
ORACLE = os.path.join(HERE, "pickle_oracle.py")

NAMES = [("probe_mod", "probe_fn"), ("os", "system"), ("builtins", "getattr"), ("builtins", "eval"),
         ("collections", "OrderedDict"), ("copyreg", "_reconstructor"), ("__builtin__", "apply"),
         ("probe_mod.sub", "Cls.method"), ("torch._utils", "_rebuild_tensor_v2"), ("numpy", "dtype")]

# Text forms each reader takes differently (unpickler_dialect.cpp has the table).
INT_TEXTS = [b"1", b"00", b"01", b"010", b"0x1f", b"1_000", b" 7 ", b"7\x00junk", b"-0", b"+3", b"0o7",
             b"99999999999999999999999", b"1__0", b"\x001", b"7 \x00", b"0b1_1"]
FLOAT_TEXTS = [b"1.5", b"1_0.5", b" 2.5", b"2.5 ", b"1e999", b"-inf", b"nan", b"1.5\x00x", b"1.", b".5", b"1e", b"0x1p3"]
INDEX_TEXTS = [b"0", b"1", b"01", b"1_0", b" 2", b"3\x00", b"-1", b"4294967295", b"1\x00\x00"]


def line(text):
    return text + b"\n"


class Grammar:
    """Opcode sequences with a rough stack model, biased to divergence points."""

    def __init__(self, rng):
        self.r = rng

    def name(self):
        return self.r.choice(NAMES)

    def scalar(self):
        r = self.r
        k = r.randrange(9)
        if k == 0:
            return b"I" + line(r.choice(INT_TEXTS))
        if k == 1:
            return b"L" + line(r.choice(INT_TEXTS) + r.choice([b"", b"L"]))
        if k == 2:
            return b"F" + line(r.choice(FLOAT_TEXTS))
        if k == 3:
            return b"K" + bytes([r.randrange(256)])
        if k == 4:
            s = r.choice([b"abc", b"", b"probe_mod", b"os", b"system"])
            return b"\x8c" + bytes([len(s)]) + s
        if k == 5:
            return b"S" + line(r.choice([b"'abc'", b"'os'", b'"system"', b"'x", b"'\\x41'"]))
        if k == 6:
            return b"V" + line(r.choice([b"abc", b"\\u0041", b"probe_mod"]))
        if k == 7:
            return b"N"
        return b"C" + bytes([3]) + b"xyz"

    def global_(self):
        m, n = self.name()
        k = self.r.randrange(3)
        if k == 0:
            return b"c" + line(m.encode()) + line(n.encode())
        if k == 1:
            return (b"\x8c" + bytes([len(m)]) + m.encode() + b"\x8c" + bytes([len(n)]) + n.encode() + b"\x93")
        return b"c" + line(m.encode()) + self.r.choice([b"", b"\n", n.encode()])  # unterminated at the end

    def args(self):
        r = self.r
        k = r.randrange(6)
        if k == 0:
            return b")"
        if k == 1:
            return b"(" + self.scalar() + b"t"
        if k == 2:
            return b"]" + self.scalar() + b"a"  # a list: pickle.py unpacks it, _pickle.c refuses
        if k == 3:
            return b"(" + self.scalar() + b"l"
        if k == 4:
            return b"\x8c\x02ab"  # a str: func(*"ab")
        return b"}"

    def value(self, depth=0):
        r = self.r
        if depth > 3:
            return self.scalar()
        k = r.randrange(10)
        if k < 3:
            return self.scalar()
        if k == 3:
            return self.global_() + self.args() + b"R"
        if k == 4:
            return self.global_() + self.args() + b"\x81"
        if k == 5:
            m, n = self.name()
            return r.choice([b"(", b""]) + self.value(depth + 1) + b"i" + line(m.encode()) + line(n.encode())
        if k == 6:
            return b"(" + self.global_() + self.value(depth + 1) + b"o"
        if k == 7:
            return self.global_() + self.args() + b"R" + b"}" + self.scalar() + self.scalar() + b"b"
        if k == 8:
            items = b"".join(self.value(depth + 1) for _ in range(r.randrange(1, 4)))
            return self.global_() + self.args() + b"R(" + items + b"u"
        idx = r.choice(INDEX_TEXTS)
        return self.value(depth + 1) + b"p" + line(idx) + b"0g" + line(r.choice(INDEX_TEXTS))

    def stream(self):
        r = self.r
        body = b"".join(self.value() for _ in range(r.randrange(1, 4)))
        body = body + b"." if r.random() < 0.8 else body
        proto = r.choice([None, 0, 2, 4, 5])
        head = b"" if proto is None else b"\x80" + bytes([proto])
        if proto is not None and proto >= 4 and r.random() < 0.6:
            n = len(body) + r.choice([0, 0, 1, 7, 1000, -1])
            head += b"\x95" + struct.pack("<Q", max(0, n))
        return head + body


def mutate(data, rng, pool):
    b = bytearray(data)
    for _ in range(rng.randrange(1, 4)):
        k = rng.randrange(8)
        if not b:
            b = bytearray(rng.choice(pool) if pool else b".")
        i = rng.randrange(len(b) + 1)
        if k == 0 and i < len(b):
            b[i] = rng.randrange(256)
        elif k == 1:
            b[i:i] = bytes([rng.choice(b"\x00\n()tlR\x81.p0g_ ")])
        elif k == 2 and i < len(b):
            del b[i:i + rng.randrange(1, 4)]
        elif k == 3 and pool:
            other = rng.choice(pool)
            j = rng.randrange(len(other) + 1)
            b = b[:i] + other[j:]
        elif k == 4:
            b = b[:i]
        elif k == 5 and i < len(b):
            b[i:i] = b[i:i + rng.randrange(1, 8)]
        elif k == 6:
            b[i:i] = b"\x00"
        else:
            b = bytearray(b.replace(b"t", b"l", 1) if rng.random() < 0.5 else b.replace(b")", b"]", 1))
    return bytes(b)


def decode(raw):
    """A name as the oracle's str: UTF-8 (surrogates kept), or the latin-1 a
    non-UTF-8 SHORT_BINSTRING operand becomes under encoding='latin1'."""
    try:
        return raw.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def unescape(name):
    """Undoes the effects printer's escapes of '\\' and '\n'."""
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), name)


def parse_effects(output):
    """`sentinel trace --effects` output, read as bytes: a text-mode pipe
    would turn a '\r' inside a name into '\n'."""
    out, current = {}, None
    for ln in (decode(raw) for raw in output.split(b"\n")):
        if ln.startswith("== "):
            current = ln[3:]
            out[current] = {"imports": set(), "calls": 0}
        elif ln.startswith("import "):
            out[current]["imports"].add(tuple(unescape(part) for part in ln[7:].split(" ", 1)))
        elif ln.startswith("calls "):
            out[current]["calls"] = int(ln[6:])
    return out


class Oracle:
    def __init__(self):
        self.proc = None

    def ask(self, paths):
        results = {}
        pending = list(paths)
        while pending:
            if self.proc is None or self.proc.poll() is not None:
                self.proc = subprocess.Popen(["/usr/bin/python3", ORACLE], stdin=subprocess.PIPE,
                                             stdout=subprocess.PIPE, text=True)
            path = pending.pop(0)
            try:
                self.proc.stdin.write(path + "\n")
                self.proc.stdin.flush()
                got = self.proc.stdout.readline()
            except BrokenPipeError:
                got = ""
            if not got:  # the oracle died on this sample (memory, recursion): not comparable
                self.proc = None
                results[path] = None
                continue
            results[path] = json.loads(got)
        return results

    def close(self):
        if self.proc is not None:
            self.proc.stdin.close()
            self.proc.wait()
            self.proc = None


def divergences(oracle_result, effects):
    """What a reader reached that Sentinel does not report."""
    missing = []
    seen = effects["imports"]
    for reader in ("c", "python"):
        r = oracle_result[reader]
        for module, name, mmod, mname in r["imports"]:
            if (module, name) in seen or (mmod, mname) in seen or ("?", "?") in seen:
                continue
            missing.append("%s imports %s %s" % (reader, module, name))
        if r["calls"] > 0 and effects["calls"] == 0:
            missing.append("%s makes %d call(s), Sentinel sees none" % (reader, r["calls"]))
    return missing


def reached(oracle_result):
    return any(oracle_result[r]["imports"] or oracle_result[r]["calls"] for r in ("c", "python"))


def compare(paths, sentinel, oracle):
    answers = oracle.ask(paths)
    for attempt in range(60):  # the binary may be being relinked
        try:
            proc = subprocess.run([sentinel, "trace", "--effects", *paths], capture_output=True)
            break
        except OSError:
            time.sleep(5)
    else:
        raise RuntimeError("cannot run " + sentinel)
    effects = parse_effects(proc.stdout)
    report = {}
    for p in paths:
        if answers.get(p) is None:  # the oracle died: not comparable
            report[p] = (None, [])
        elif p not in effects:
            report[p] = (answers[p], ["Sentinel printed nothing for the file"])
        else:
            report[p] = (answers[p], divergences(answers[p], effects[p]))
    return report


def store(folder, data):
    os.makedirs(folder, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16] + ".pkl"
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(data)
    return path


def fuzz(args):
    rng = random.Random(args.seed)
    grammar = Grammar(rng)
    oracle = Oracle()
    pool = []
    corpus_dir = os.path.join(DATA, "corpus")
    div_dir = os.path.join(DATA, "divergences")
    for folder in (corpus_dir, div_dir, os.path.join(ROOT, "fuzz", "corpus", "pickle_machine")):
        if os.path.isdir(folder):
            for n in sorted(os.listdir(folder)):
                with open(os.path.join(folder, n), "rb") as f:
                    pool.append(f.read())
    kept = len(os.listdir(corpus_dir)) if os.path.isdir(corpus_dir) else 0
    stats = {"samples": 0, "reached": 0, "divergent": 0, "oracle_died": 0}
    signatures = set()
    start = time.time()
    cpu0 = os.times()
    with tempfile.TemporaryDirectory() as tmp:
        while time.time() - start < args.seconds:
            batch = []
            for i in range(args.batch):
                data = grammar.stream() if (not pool or rng.random() < 0.5) else mutate(rng.choice(pool), rng, pool)
                path = os.path.join(tmp, "s%05d.pkl" % i)
                with open(path, "wb") as f:
                    f.write(data)
                batch.append((path, data))
            report = compare([p for p, _ in batch], args.sentinel, oracle)
            oracle.close()  # a fresh oracle per batch: its CPU time is counted when it exits
            for path, data in batch:
                answer, missing = report[path]
                stats["samples"] += 1
                if answer is None:
                    stats["oracle_died"] += 1
                    continue
                if not reached(answer):
                    continue
                stats["reached"] += 1
                if missing:
                    stats["divergent"] += 1
                    sig = tuple(sorted(m.split(" ", 1)[1].split(" ")[0] for m in missing))
                    if sig not in signatures or args.keep_all:
                        signatures.add(sig)
                        where = store(div_dir, data)
                        print("DIVERGENCE %s: %s" % (where, "; ".join(missing[:3])), flush=True)
                elif kept < args.max_corpus and rng.random() < 0.02:
                    store(corpus_dir, data)
                    kept += 1
                if len(pool) < 5000:
                    pool.append(data)
            t = os.times()
            cpu = (t.children_user + t.children_system + t.user + t.system) - (
                cpu0.children_user + cpu0.children_system + cpu0.user + cpu0.system)
            print("stats %s cpu_seconds=%.0f wall=%.0f" % (json.dumps(stats), cpu, time.time() - start), flush=True)
    oracle.close()
    return 0


def replay(args):
    paths = []
    for sub in ("corpus", "divergences"):
        folder = os.path.join(DATA, sub)
        if os.path.isdir(folder):
            paths += [os.path.join(folder, n) for n in sorted(os.listdir(folder))]
    if not paths:
        print("no corpus under %s" % DATA)
        return 1
    oracle = Oracle()
    failures = 0
    reached_count = 0
    for i in range(0, len(paths), 200):
        report = compare(paths[i:i + 200], args.sentinel, oracle)
        for p, (answer, missing) in report.items():
            if answer is None:
                print("ORACLE-DIED %s" % p)
                continue
            reached_count += reached(answer)
            if missing:
                failures += 1
                print("DIVERGENCE %s: %s" % (os.path.relpath(p, ROOT), "; ".join(missing)))
    oracle.close()
    print("replayed %d file(s), %d reach an import or call, %d divergence(s)" % (len(paths), reached_count, failures))
    # The corpus must exercise the comparison, or the test could not fail.
    return 1 if failures or reached_count < len(paths) // 2 else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["fuzz", "replay"])
    ap.add_argument("--sentinel", default=os.path.join(ROOT, "build", "sentinel"))
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--batch", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--max-corpus", type=int, default=400)
    ap.add_argument("--keep-all", action="store_true", help="keep every divergent sample, not one per signature")
    args = ap.parse_args()
    return fuzz(args) if args.mode == "fuzz" else replay(args)


if __name__ == "__main__":
    sys.exit(main())
