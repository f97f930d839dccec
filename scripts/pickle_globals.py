"""Static global extraction from pickle bytes this project wrote itself:
pickletools.genops plus a small stack and memo model for STACK_GLOBAL
operands. Nothing is imported or called. Shared by scripts/allowlist.py and
scripts/gen_generation_catalogue.py, with the write-time recorder for joblib's
NumpyPickler."""

import _compat_pickle
import io
import pickle
import pickletools


class WalkError(Exception):
    pass


_MARK = object()
_ANY = object()
_MARK_DESC = pickletools.markobject
_STR_OPS = {"SHORT_BINUNICODE", "BINUNICODE", "BINUNICODE8", "UNICODE",
            "STRING", "BINSTRING", "SHORT_BINSTRING"}
_BYTES_OPS = {"SHORT_BINBYTES", "BINBYTES", "BINBYTES8", "BYTEARRAY8"}


def map_py2_name(module, name, proto):
    """The mapping pickle.Unpickler.find_class applies (fix_imports=True)."""
    if proto < 3:
        if (module, name) in _compat_pickle.NAME_MAPPING:
            module, name = _compat_pickle.NAME_MAPPING[(module, name)]
        elif module in _compat_pickle.IMPORT_MAPPING:
            module = _compat_pickle.IMPORT_MAPPING[module]
    return module, name


def _read_pair(buf, pos):
    end1 = buf.index(b"\n", pos + 1)
    end2 = buf.index(b"\n", end1 + 1)
    return buf[pos + 1:end1].decode("utf-8"), buf[end1 + 1:end2].decode("utf-8")


def walk_one(f, buf, proto=0, payloads=None):
    """Walk one pickle (up to STOP) from file object f over bytes buf.

    Returns the globals (module, qualname) as the unpickler would resolve
    them, in the order find_class would be called. With `payloads`, byte
    strings that may be nested pickles are appended to it.
    """
    stack, memo, out = [], {}, []
    for op, arg, pos in pickletools.genops(f):
        name = op.name
        if name == "PROTO":
            proto = arg
            continue
        if name in ("GLOBAL", "INST"):
            mod, qn = _read_pair(buf, pos)
            out.append(map_py2_name(mod, qn, proto))
        elif name == "STACK_GLOBAL":
            if len(stack) < 2:
                raise WalkError("STACK_GLOBAL stack underflow at %d" % pos)
            qn, mod = stack.pop(), stack.pop()
            if not (isinstance(mod, str) and isinstance(qn, str)):
                raise WalkError("STACK_GLOBAL operands not tracked strings at %d" % pos)
            out.append(map_py2_name(mod, qn, proto))
            stack.append(_ANY)
            continue
        if name in _STR_OPS:
            if isinstance(arg, bytes):        # STRING family under some pickletools
                arg = arg.decode("latin-1")
            stack.append(arg if isinstance(arg, str) else _ANY)
            if payloads is not None and isinstance(arg, str) and len(arg) > 16 \
                    and arg[:1] in ("P", "\x80"):
                try:
                    payloads.append(arg.encode("latin-1"))
                except UnicodeEncodeError:
                    pass
            continue
        if name in _BYTES_OPS:
            if payloads is not None and len(arg) > 16 and arg[:1] in (b"P", b"\x80"):
                payloads.append(bytes(arg))
            stack.append(_ANY)
            continue
        if name in ("PUT", "BINPUT", "LONG_BINPUT"):
            if not stack:
                raise WalkError("PUT on empty stack at %d" % pos)
            memo[int(arg)] = stack[-1]
            continue
        if name == "MEMOIZE":
            if not stack:
                raise WalkError("MEMOIZE on empty stack at %d" % pos)
            memo[len(memo)] = stack[-1]
            continue
        if name in ("GET", "BINGET", "LONG_BINGET"):
            if int(arg) not in memo:
                raise WalkError("GET of unset memo slot %r at %d" % (arg, pos))
            stack.append(memo[int(arg)])
            continue
        if name == "DUP":
            stack.append(stack[-1])
            continue
        if name == "MARK":
            stack.append(_MARK)
            continue
        before, after = op.stack_before, op.stack_after
        if _MARK_DESC in before:
            while True:
                if not stack:
                    raise WalkError("%s without MARK at %d" % (name, pos))
                if stack.pop() is _MARK:
                    break
            n = before.index(_MARK_DESC)
        else:
            n = len(before)
        if len(stack) < n:
            raise WalkError("%s stack underflow at %d" % (name, pos))
        del stack[len(stack) - n:]
        stack.extend([_ANY] * len(after))
    return out


def globals_of_bytes(data):
    """Globals of the single pickle stream `data`."""
    return walk_one(io.BytesIO(data), data)


class record_pickler_globals:
    """Context manager recording every global pickle._Pickler writes."""

    def __init__(self, stream_globals=None):
        """`stream_globals(data)` lists the globals of what pickle.dump wrote
        (default: the stream's own; a caller may add nested payloads')."""
        self.found = []
        self._stream_globals = stream_globals or globals_of_bytes

    def __enter__(self):
        import joblib.numpy_pickle as jnp
        orig = pickle._Pickler.save_global
        found = self.found
        self._orig_dump = pickle.dump

        def recording_save_global(pkl, obj, name=None):
            if getattr(pkl, "_sentinel_scratch", False):
                return orig(pkl, obj, name)
            scratch = io.BytesIO()
            sp = pickle._Pickler(scratch, protocol=pkl.proto, fix_imports=pkl.fix_imports)
            sp._sentinel_scratch = True
            orig(sp, obj, name)
            head = bytes([0x80, pkl.proto]) if pkl.proto >= 2 else b""
            found.extend(globals_of_bytes(head + scratch.getvalue() + b"."))
            return orig(pkl, obj, name)

        def recording_dump(obj, file, protocol=None, **kw):
            data = pickle.dumps(obj, protocol=protocol, **kw)
            found.extend(self._stream_globals(data))
            file.write(data)

        self._patched = []
        for d in (pickle._Pickler.dispatch, jnp.NumpyPickler.dispatch):
            for k, v in list(d.items()):
                if v is orig:
                    d[k] = recording_save_global
                    self._patched.append((d, k, v))
        self._orig = orig
        pickle._Pickler.save_global = recording_save_global
        pickle.dump = recording_dump
        return self

    def __exit__(self, *exc):
        pickle._Pickler.save_global = self._orig
        pickle.dump = self._orig_dump
        for d, k, v in self._patched:
            d[k] = v
        return False
