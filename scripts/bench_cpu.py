#!/usr/bin/python3
"""Before/after CPU time of two Sentinel binaries on one file, beside
pickletools.genops, in one run (usage: bench_cpu.py FILE BASE NEW N). CPU time
(user + sys from os.wait4) is what compares on a shared machine."""
import os
import subprocess
import sys

f = sys.argv[1]; base, new = sys.argv[2], sys.argv[3]; n = int(sys.argv[4])
def cpu(cmd):
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, st, ru = os.wait4(p.pid, 0)
    return ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024
res = {}
for _ in range(n):
    for b in (base, new):
        c, r = cpu([b, "artifact", "--format", "json", f])
        res.setdefault(b, []).append((c, r))
g, gr = cpu(["/usr/bin/python3", "-c", "import pickletools,sys\nwith open(sys.argv[1],'rb') as fh:\n  n=sum(1 for _ in pickletools.genops(fh))\nprint(n)", f])
size = os.path.getsize(f)
for b in (base, new):
    c = min(x[0] for x in res[b]); r = max(x[1] for x in res[b])
    print(f"{b}: best CPU {c:.3f} s, {size/1e6/c:.0f} MB/s per CPU-second, peak RSS {r:.1f} MiB, genops/sentinel CPU {g/c:.1f}x")
print(f"genops: CPU {g:.2f} s ({size/1e6/g:.2f} MB/s)")
