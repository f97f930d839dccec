"""The guarded pickle machinery: an Unpickler over the C one whose find_class
and persistent_load check every import and persistent id, the load functions
that scan exactly the bytes they unpickle, and the in-place checks on the
pure-Python pickle._Unpickler."""

import _pickle
import io
import os
import pickle
import sys
import sysconfig

from sentinel.guard import _checks

CUnpickler = _pickle.Unpickler
PyUnpickler = pickle._Unpickler
_C_PERSISTENT_LOAD = CUnpickler.__dict__["persistent_load"]
_PERSISTENT_LOAD_IS_DESCRIPTOR = hasattr(_C_PERSISTENT_LOAD, "__set__")


def _set_persistent_load(unpickler, function):
    if _PERSISTENT_LOAD_IS_DESCRIPTOR:
        _C_PERSISTENT_LOAD.__set__(unpickler, function)
    else:
        CUnpickler.__setattr__(unpickler, "persistent_load", function)
PY_FIND_CLASS = PyUnpickler.__dict__["find_class"]
PY_GET_EXTENSION = PyUnpickler.__dict__["get_extension"]
# The originals, as they were when the guard was imported (before any install()).
C_LOAD, C_LOADS = _pickle.load, _pickle.loads
PY_LOAD, PY_LOADS = pickle._load, pickle._loads

# The program's own inter-process traffic, trusted (docs/runtime-guard.md,
# "Child processes"): a load called directly from one of these functions
# reads what another process of the program pickled for it over the
# channels multiprocessing (and loky) set up between them. Known by the
# file and the function of the calling code: the standard library's
# multiprocessing exactly, loky wherever joblib (or loky alone) is installed.
_STDLIB = os.path.realpath(sysconfig.get_paths()["stdlib"])
_IPC_STDLIB = {
    ("multiprocessing/connection.py", "recv"),   # Connection.recv: Pool, ProcessPoolExecutor, Manager, loky
    ("multiprocessing/queues.py", "get"),        # Queue.get, SimpleQueue.get: torch DataLoader, executors
    ("multiprocessing/spawn.py", "_main"),       # a spawn or forkserver child reading its Process object
}
_IPC_ANYWHERE = {
    ("loky/backend/popen_loky_posix.py", "<module>"),  # a loky worker reading its Process object
    ("loky/cloudpickle_wrapper.py", "_reconstruct_wrapper"),  # cloudpickled callables inside loky's calls
}
_caller_trusted = {}  # code object -> True, False or _CONNECTION
_CONNECTION = "connection"
# Set on connections that multiprocessing.connection.Listener.accept() and
# Client() made without an authkey while the guard was installed: whoever
# connected speaks there, not a process of the program.
UNAUTHENTICATED = "sentinel_unauthenticated"


def _is_ipc_site(code):
    path = os.path.realpath(code.co_filename).replace(os.sep, "/")
    for suffix, name in _IPC_STDLIB:
        if code.co_name == name and path == f"{_STDLIB}/{suffix}":
            return _CONNECTION if suffix == "multiprocessing/connection.py" else True
    return any(code.co_name == name and path.endswith("/" + suffix) for suffix, name in _IPC_ANYWHERE)


def _trusted_caller():
    """Whether the caller of the load function calling this is the program's
    own IPC: a site above (Connection.recv on an authenticated connection or
    a pipe), or a trusted load itself (a reconstructor that an IPC stream
    calls, such as cloudpickle.loads on a pickled function)."""
    try:
        frame = sys._getframe(2)
    except ValueError:  # called from native code with no Python caller
        return False
    code = frame.f_code
    trusted = _caller_trusted.get(code)
    if trusted is None:
        trusted = _caller_trusted[code] = code in _TRUSTED_LOADS or _is_ipc_site(code)
    if trusted is _CONNECTION:
        return not getattr(frame.f_locals.get("self"), UNAUTHENTICATED, False)
    return trusted


def marking_accept(original):
    """Listener.accept that marks a connection accepted without an authkey."""

    def accept(self):
        connection = original(self)
        if not getattr(self, "_authkey", None):
            setattr(connection, UNAUTHENTICATED, True)
        return connection

    accept.sentinel_guarded = True
    return accept


def marking_client(original):
    """multiprocessing.connection.Client that marks a connection made without an authkey."""

    def Client(address, family=None, authkey=None):
        connection = original(address, family, authkey)
        if authkey is None:
            setattr(connection, UNAUTHENTICATED, True)
        return connection

    Client.sentinel_guarded = True
    return Client


def _trusted_load(file, kwargs):
    return C_LOAD(file, **kwargs)


def _trusted_loads(data, kwargs):
    return C_LOADS(data, **kwargs)


_TRUSTED_LOADS = {_trusted_load.__code__, _trusted_loads.__code__}


def _validating(function):
    def persistent_load(pid):
        _checks.check_persistent_id(pid)
        return function(pid)

    return persistent_load


class GuardedUnpickler(CUnpickler):
    """pickle.Unpickler while the guard is installed; Unpickler subclasses
    defined before install() are rebased onto it. No instance layout of its
    own (empty __slots__), so that rebasing any subclass is possible."""

    __slots__ = ()

    def __init__(self, file, *args, **kwargs):
        super().__init__(file, *args, **kwargs)
        # A persistent_load method of a subclass, taken by the C __init__.
        if type(self).persistent_load not in (_C_PERSISTENT_LOAD, _PERSISTENT_LOAD_PROPERTY):
            _set_persistent_load(self, _validating(self.persistent_load))
        # torch.load unpickles from a BytesIO: scanned here, as no load function is involved.
        if isinstance(file, io.BytesIO):
            with file.getbuffer() as whole, whole[file.tell():] as rest:
                _checks.scan_load(rest, torch_ids=True, buffers=kwargs.get("buffers"), path="<BytesIO>")

    def find_class(self, module, name):
        _checks.check_global(module, name)
        return super().find_class(module, name)

    # torch assigns `unpickler.persistent_load = f` after construction: every
    # function assigned is validated. Up to Python 3.12 the C unpickler keeps
    # it in a data descriptor, replaced here by a property; from 3.13 it is a
    # method, and the C __setattr__ stores an assigned function.
    if _PERSISTENT_LOAD_IS_DESCRIPTOR:
        @property
        def persistent_load(self):
            return _C_PERSISTENT_LOAD.__get__(self, type(self))

        @persistent_load.setter
        def persistent_load(self, function):
            _C_PERSISTENT_LOAD.__set__(self, _validating(function))
    else:
        def __setattr__(self, name, value):
            CUnpickler.__setattr__(self, name, _validating(value) if name == "persistent_load" else value)


_PERSISTENT_LOAD_PROPERTY = GuardedUnpickler.__dict__.get("persistent_load")


class _LoadUnpickler(GuardedUnpickler):
    """The unpickler behind the load functions, which scan the bytes themselves."""

    __slots__ = ()
    # Nothing to scan here, and no persistent_load method to wrap: the C
    # __init__ directly saves a Python call on every load.
    __init__ = CUnpickler.__init__


_FIRST_READ = 1 << 16


def _first_stream(data, consumed):
    """The bytes to unpickle: what the scan judged (all of `data` when it did
    not run or found no pickle, and the unpickler raises as it would)."""
    return data if consumed in (None, 0, len(data)) else memoryview(data)[:consumed]


def _scanned(data, path, buffers):
    return _first_stream(data, _checks.scan_load(data, torch_ids=False, buffers=buffers, path=path))


def _read_scanned(file, start, path, buffers):
    """Reads a file once, only as far as it must, and scans its first stream:
    a small pickle may be followed by gigabytes of raw data (legacy torch
    files), so the first 64 KiB are scanned alone, and only a stream that
    goes on past them makes the whole file read, in one piece from `start`
    (appending the rest to the first piece would copy the file again)."""
    data = file.read(_FIRST_READ)
    consumed = _checks.scan_load(data, torch_ids=False, buffers=buffers, path=path, partial=bool(data))
    if consumed is None and data:
        file.seek(start)
        data = file.read()
        consumed = _checks.scan_load(data, torch_ids=False, buffers=buffers, path=path)
    return _first_stream(data, consumed)


def _seekable(file):
    try:
        return file.seekable()
    except (AttributeError, ValueError, OSError):
        return False


def _load_file(unpickler, file, kwargs):
    """Reads the stream from a seekable file once, scans it, unpickles that
    same buffer and leaves the file just after the stream, as pickle.load does."""
    config = _checks.state.config
    if config is None or not config.scan or not _seekable(file):
        return unpickler(file, **kwargs).load()
    start = file.tell()
    name = getattr(file, "name", None)
    stream = None
    try:
        stream = io.BytesIO(_read_scanned(file, start, name if isinstance(name, str) else "<file>", kwargs["buffers"]))
        return unpickler(stream, **kwargs).load()
    finally:
        # A refused load read nothing; a failing one stopped where it failed.
        file.seek(start + (stream.tell() if stream is not None else 0))


def _load_bytes(unpickler, data, kwargs):
    if isinstance(data, str):
        raise TypeError("Can't load pickle from unicode string")
    return unpickler(io.BytesIO(_scanned(data, "<bytes>", kwargs["buffers"])), **kwargs).load()


def load(file, *, fix_imports=True, encoding="ASCII", errors="strict", buffers=()):
    kwargs = dict(fix_imports=fix_imports, encoding=encoding, errors=errors, buffers=buffers)
    if _trusted_caller():
        return _trusted_load(file, kwargs)
    return _load_file(_LoadUnpickler, file, kwargs)


def loads(data, /, *, fix_imports=True, encoding="ASCII", errors="strict", buffers=()):
    kwargs = dict(fix_imports=fix_imports, encoding=encoding, errors=errors, buffers=buffers)
    if _trusted_caller():
        return _trusted_loads(data, kwargs)
    return _load_bytes(_LoadUnpickler, data, kwargs)


def py_load(file, *, fix_imports=True, encoding="ASCII", errors="strict", buffers=None):
    return _load_file(PyUnpickler, file, dict(fix_imports=fix_imports, encoding=encoding, errors=errors,
                                              buffers=buffers))


def py_loads(data, /, *, fix_imports=True, encoding="ASCII", errors="strict", buffers=None):
    return _load_bytes(PyUnpickler, data, dict(fix_imports=fix_imports, encoding=encoding, errors=errors,
                                               buffers=buffers))


def py_find_class(self, module, name):
    _checks.check_global(module, name)
    return PY_FIND_CLASS(self, module, name)


def py_get_extension(self, code):
    _checks.check_extension(code)
    return PY_GET_EXTENSION(self, code)


# The pure-Python unpickler's persistent-id opcodes (pickle._Unpickler.load_persid
# and load_binpersid), with the id validated before persistent_load sees it.
def py_load_persid(self):
    try:
        pid = self.readline()[:-1].decode("ascii")
    except UnicodeDecodeError:
        raise pickle.UnpicklingError("persistent IDs in protocol 0 must be ASCII strings")
    _checks.check_persistent_id(pid)
    self.append(self.persistent_load(pid))


def py_load_binpersid(self):
    pid = self.stack.pop()
    _checks.check_persistent_id(pid)
    self.append(self.persistent_load(pid))
