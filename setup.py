"""Installs the Python package `sentinel` (python/sentinel) with the extension
sentinel._core built by CMake from the same C++ core as the CLI:

    /usr/bin/python3 -m pip install --no-build-isolation .

Everything comes from Debian (cmake, ninja-build, g++, pybind11-dev,
python3-dev, python3-setuptools, python3-pip); see docs/runtime-guard.md.
SENTINEL_CMAKE_BUILD_DIR keeps the CMake build tree between installs.
SENTINEL_BUILD_DIR reuses an existing CMake build tree (the developer's
build/, configured with SENTINEL_PYTHON=ON, the default when pybind11 is
found): only its _core target is brought up to date, usually a no-op, and
the tree's configuration is left as it is.
"""

import os
import pathlib
import re
import shutil
import subprocess
import sys
import sysconfig

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

ROOT = pathlib.Path(__file__).resolve().parent
VERSION = re.search(r"project\(sentinel VERSION ([0-9.]+)", (ROOT / "CMakeLists.txt").read_text()).group(1)


def existing_tree(path):
    """A build tree given by SENTINEL_BUILD_DIR: it must build the module for
    this interpreter, or the install would fail later or load a wrong one."""
    build_dir = pathlib.Path(path).resolve()
    cache = build_dir / "CMakeCache.txt"
    if not cache.is_file() or "SENTINEL_PYTHON:BOOL=ON" not in cache.read_text(errors="replace"):
        sys.exit(f"SENTINEL_BUILD_DIR={path} is no CMake build tree of Sentinel configured with -DSENTINEL_PYTHON=ON")
    return build_dir


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        if os.environ.get("SENTINEL_BUILD_DIR"):
            build_dir = existing_tree(os.environ["SENTINEL_BUILD_DIR"])
        else:
            build_dir = pathlib.Path(os.environ.get("SENTINEL_CMAKE_BUILD_DIR") or
                                     pathlib.Path(self.build_temp).resolve() / "cmake")
            subprocess.run(["cmake", "-S", str(ROOT), "-B", str(build_dir), "-G", "Ninja",
                            "-DCMAKE_BUILD_TYPE=Release", "-DSENTINEL_PYTHON=ON", "-DSENTINEL_TESTS=OFF",
                            "-DSENTINEL_BENCH=OFF", f"-DPython3_EXECUTABLE={sys.executable}"], check=True)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", "2")
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "_core", "-j", jobs], check=True)
        built = build_dir / "python" / "sentinel" / ("_core" + sysconfig.get_config_var("EXT_SUFFIX"))
        if not built.is_file():
            sys.exit(f"{build_dir} has no {built.name}: it was built for another Python than {sys.executable}")
        target = pathlib.Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, target)


class BuildPy(build_py):
    """Also puts sentinel-guard.pth at the top of the build, so that it lands
    in site-packages itself: the start-up hook that guards the child
    processes of a guarded program (SENTINEL_GUARD, docs/runtime-guard.md)."""

    PTH = "sentinel-guard.pth"

    def run(self):
        super().run()
        self.copy_file(str(ROOT / "python" / self.PTH), os.path.join(self.build_lib, self.PTH), preserve_mode=False)

    def get_outputs(self, include_bytecode=True):
        return [*super().get_outputs(include_bytecode), os.path.join(self.build_lib, self.PTH)]


setup(
    name="sentinel",
    version=VERSION,
    description="Finds malicious pickles in ML artifacts without loading them, and guards pickle loads at run time",
    python_requires=">=3.9",
    package_dir={"": "python"},
    packages=["sentinel", "sentinel.guard"],
    ext_modules=[Extension("sentinel._core", sources=[])],
    cmdclass={"build_ext": CMakeBuild, "build_py": BuildPy},
    options={"build": {"build_base": "build-python"}},
    zip_safe=False,
)
