"""setup.py's fast path: SENTINEL_BUILD_DIR names an existing CMake build
tree, whose _core module is brought up to date (cmake --build, no configure)
and installed; a tree that cannot give this interpreter's module is refused.
CMake is stood in for by a script that records its arguments, so nothing is
built here."""

import os
import pathlib
import stat
import subprocess
import sys
import sysconfig
import tempfile
import unittest

REPO = pathlib.Path(__file__).resolve().parents[2]
MODULE = "_core" + sysconfig.get_config_var("EXT_SUFFIX")


class SetupBuildDir(unittest.TestCase):
    def setUp(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="sentinel-setup-"))
        shims = self.tmp / "shims"
        shims.mkdir()
        self.log = self.tmp / "cmake.log"
        cmake = shims / "cmake"
        cmake.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{self.log}"\n')
        cmake.chmod(stat.S_IRWXU)
        self.path = f"{shims}{os.pathsep}{os.environ['PATH']}"
        self.tree = self.tmp / "build tree"
        (self.tree / "python" / "sentinel").mkdir(parents=True)

    def tearDown(self):
        subprocess.run(["rm", "-rf", str(self.tmp)], check=True)

    def build_ext(self):
        env = dict(os.environ, PATH=self.path, SENTINEL_BUILD_DIR=str(self.tree))
        for name in ("SENTINEL_CMAKE_BUILD_DIR", "CMAKE_BUILD_PARALLEL_LEVEL"):
            env.pop(name, None)
        return subprocess.run([sys.executable, str(REPO / "setup.py"), "-q", "build_ext", "--build-lib",
                               str(self.tmp / "lib"), "--build-temp", str(self.tmp / "temp")],
                              cwd=REPO, env=env, capture_output=True, text=True)

    def test_an_existing_tree_is_built_not_configured(self):
        (self.tree / "CMakeCache.txt").write_text("CMAKE_BUILD_TYPE:STRING=Release\nSENTINEL_PYTHON:BOOL=ON\n")
        (self.tree / "python" / "sentinel" / MODULE).write_bytes(b"prebuilt module")
        run = self.build_ext()
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
        calls = self.log.read_text().splitlines()
        self.assertEqual(calls, [f"--build {self.tree} --target _core -j 2"])
        self.assertEqual((self.tmp / "lib" / "sentinel" / MODULE).read_bytes(), b"prebuilt module")

    def test_a_tree_without_the_python_package_is_refused(self):
        (self.tree / "CMakeCache.txt").write_text("SENTINEL_PYTHON:BOOL=OFF\n")
        run = self.build_ext()
        self.assertNotEqual(run.returncode, 0)
        self.assertIn("-DSENTINEL_PYTHON=ON", run.stderr)
        self.assertFalse(self.log.exists())

    def test_a_module_for_another_python_is_refused(self):
        (self.tree / "CMakeCache.txt").write_text("SENTINEL_PYTHON:BOOL=ON\n")
        (self.tree / "python" / "sentinel" / "_core.cpython-20-x86_64-linux-gnu.so").write_bytes(b"other")
        run = self.build_ext()
        self.assertNotEqual(run.returncode, 0)
        self.assertIn("built for another Python", run.stderr)


if __name__ == "__main__":
    unittest.main()
