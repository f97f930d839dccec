"""Installability: pip install --no-build-isolation of the repository into a
fresh venv of Debian's /usr/bin/python3 (system site packages, no package
index), then the installed package is imported and used from elsewhere.
python3 check_pip_install.py REPO CMAKE_BUILD_DIR"""

import os
import pathlib
import subprocess
import sys
import tempfile

repo, cmake_build_dir = sys.argv[1], sys.argv[2]
env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "LD_PRELOAD")}
env.update(PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1", SENTINEL_CMAKE_BUILD_DIR=cmake_build_dir)
CHECK = """
import pickle, sys, sentinel
assert sentinel.__file__.startswith(sys.prefix), sentinel.__file__
assert sentinel.scan_bytes(b"\\x80\\x02cposix\\nsystem\\n.")[0].rule_id == "PICKLE-EXEC"
sentinel.guard.install()
assert pickle.loads(pickle.dumps([1, 2])) == [1, 2]
try:
    pickle.loads(b"\\x80\\x02cposix\\nsystem\\n.")
except sentinel.UnsafeFileError as e:
    print("installed and guarding:", e.rule_id)
else:
    raise SystemExit("not refused")
# The start-up hook that guards child processes (spawn, forkserver, loky) is in site-packages.
import os, subprocess, sysconfig
paths = sysconfig.get_paths()
assert any(os.path.isfile(os.path.join(paths[key], "sentinel-guard.pth")) for key in ("purelib", "platlib")), paths
child = subprocess.run([sys.executable, "-c", "import sentinel; print(sentinel.guard.installed())"],
                       capture_output=True, text=True, check=True, timeout=120)
assert child.stdout.strip() == "True", (child.stdout, child.stderr)
sentinel.guard.uninstall()
assert "SENTINEL_GUARD" not in os.environ
child = subprocess.run([sys.executable, "-c", "import sentinel; print(sentinel.guard.installed())"],
                       capture_output=True, text=True, check=True, timeout=120)
assert child.stdout.strip() == "False", (child.stdout, child.stderr)
print("child processes guarded")
"""
with tempfile.TemporaryDirectory() as tmp:
    venv = pathlib.Path(tmp) / "venv"
    subprocess.run(["/usr/bin/python3", "-m", "venv", "--system-site-packages", str(venv)], check=True, env=env)
    python = str(venv / "bin" / "python")
    subprocess.run([python, "-m", "pip", "install", "--no-build-isolation", "--no-index", "--no-deps", "--quiet", repo],
                   check=True, env=env)
    subprocess.run([python, "-c", CHECK], check=True, env=env, cwd=tmp)
