"""Loaders that run an archive's code instead of unpickling it, and joblib's,
which unpickles without pickle.load. None of them is covered by find_class:

- TorchScript. torch.jit.load compiles the archive's code/ records and runs
  some while loading (__setstate__), and torch.load hands any zip with
  constants.pkl to torch.jit.load before its weights_only check. Every path
  ends in one of torch._C's importers, which are guarded here: the archive is
  scanned as `sentinel artifact` scans it (its pickles and its TorchScript
  code) and refused when the policy fails it. With scan="off" nothing can
  judge the code, so TorchScript is refused.
- torch.package.PackageImporter executes the archive's Python modules and
  resolves names without find_class: refused while the guard is installed.
- joblib.load reads array bytes between opcodes and puts the arrays (numpy
  memmaps under mmap_mode) on the unpickler's stack; the whole file is scanned
  with the scanner's joblib reader before it is loaded (with scan="off",
  find_class alone judges it, as any other load).
"""

import functools
import os
import sys

from sentinel.guard import _checks

# torch._C importers: the position of the argument that holds the archive,
# and whether it is a file name or the archive's bytes (None: refused).
_TORCH_IMPORTERS = {
    "import_ir_module": (1, "path"),                     # (cu, filename, map_location, extra_files)
    "import_ir_module_from_buffer": (1, "bytes"),        # (cu, buffer, map_location, extra_files)
    "_load_for_lite_interpreter": (0, "path"),           # (filename, map_location)
    "_load_for_lite_interpreter_from_buffer": (0, "bytes"),
    "_import_ir_module_from_package": (None, None),      # TorchScript inside a torch.package
}


def _guarded_importer(original, position, kind):
    @functools.wraps(original)
    def guarded(*args, **kwargs):
        if _checks.state.config is not None:
            if position is None or position >= len(args):
                _checks.refuse_code_loader(f"torch._C.{original.__name__}", "<archive>")
            source = args[position]
            if kind == "path" and isinstance(source, (str, os.PathLike)) and os.path.isfile(source):
                _checks.scan_artifact(os.fspath(source), is_path=True, what="TorchScript archive", runs_code=True)
            elif kind == "bytes":
                _checks.scan_artifact(source, is_path=False, what="TorchScript archive", runs_code=True)
        return original(*args, **kwargs)

    return guarded


def _replace_with_copies(module, name, guarded, replace, holders):
    """Replaces module.name and the references the `holders` modules took to
    the same object when they were imported before install()
    (`from torch._C import *`, `from .numpy_pickle import load`)."""
    original = module.__dict__[name]
    replace(module, name, guarded)
    for holder in map(sys.modules.get, holders):
        if holder is not None and holder.__dict__.get(name) is original:
            replace(holder, name, guarded)


def _patch_torch_c(module, replace):
    for name, (position, kind) in _TORCH_IMPORTERS.items():
        original = module.__dict__.get(name)
        if original is not None:
            _replace_with_copies(module, name, _guarded_importer(original, position, kind), replace, ["torch"])


def _patch_package_importer(module, replace):
    importer = module.__dict__.get("PackageImporter")
    if importer is None:
        return
    original = importer.__dict__["__init__"]

    @functools.wraps(original)
    def __init__(self, file_or_buffer, *args, **kwargs):
        if _checks.state.config is not None:
            _checks.refuse_code_loader("torch.package.PackageImporter", file_or_buffer)
        original(self, file_or_buffer, *args, **kwargs)

    replace(importer, "__init__", __init__)


def _patch_joblib(module, replace):
    original = module.__dict__.get("load")
    if original is None:
        return

    @functools.wraps(original)
    def load(filename, mmap_mode=None, *args, **kwargs):
        if _checks.state.config is not None:
            if isinstance(filename, (str, os.PathLike)):
                if os.path.isfile(filename):
                    _checks.scan_artifact(os.fspath(filename), is_path=True, what="joblib file")
            else:
                _scan_file_object(filename)
        return original(filename, mmap_mode, *args, **kwargs)

    _replace_with_copies(module, "load", load, replace, ["joblib"])


def _scan_file_object(file):
    """Scans what is left of an open file and puts the position back: joblib
    reads file objects from where they stand."""
    start = file.tell()
    data = file.read()
    file.seek(start)
    _checks.scan_artifact(data, is_path=False, what="joblib file", name=getattr(file, "name", "<file>"))


def patches(replace):
    """{module name: patch(module)}, each replacing entry points through
    replace(owner, attribute, guarded) so that uninstall() restores them."""
    return {
        "torch._C": lambda m: _patch_torch_c(m, replace),
        "torch.package.package_importer": lambda m: _patch_package_importer(m, replace),
        "joblib.numpy_pickle": lambda m: _patch_joblib(m, replace),
    }
