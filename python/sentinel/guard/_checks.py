"""The guard's configuration in force and its three checks: one import, one
persistent id, one whole load. Each refusal is an UnsafeFileError that names
what was refused, the rule it breaks and how to allow it (when it can be)."""

import json
import os
import threading

from sentinel import _core
from sentinel._policy import as_policy
from sentinel.errors import UnsafeFileError

_DANGEROUS = "a dangerous callable is never allowed: do not load this file; convert the model to safetensors or ONNX"


class Config:
    """What install() was given: the policy (with `allow` merged into its
    trusted_globals) and whether loads are scanned first."""

    def __init__(self, policy=None, allow=None, scan="on"):
        if scan not in ("on", "off"):
            raise ValueError(f"scan must be 'on' or 'off', not {scan!r}")
        allowed = _allow_map(allow)
        self.policy = as_policy(policy).trusting(allowed)
        self.scan = scan == "on"
        # The scanner reports a persistent id outside a torch file and an
        # extension code as PICKLE-STRUCT: with the scan on, the guard refuses
        # them only when the policy fails that finding, as the scanner does.
        self.structure_tolerated = self.scan and not _core.finding_fails(self.policy, "PICKLE-STRUCT")
        # Only allowed pairs are cached: at most the allowlist and the
        # trusted globals, whatever a hostile stream asks for.
        self.allowed = set()
        self.environment = json.dumps({"policy": _policy_for_children(policy), "scan": scan,
                                       "allow": sorted([m, n] for m, names in allowed.items() for n in names)},
                                      sort_keys=True)

    @classmethod
    def from_environment(cls, text):
        """The configuration a parent process passed in SENTINEL_GUARD."""
        spec = json.loads(text)
        policy = spec.get("policy")
        if isinstance(policy, dict):
            policy = _core.Policy.parse(policy["text"], policy.get("source", "<SENTINEL_GUARD>"))
        allow = [entry if isinstance(entry, str) else tuple(entry) for entry in spec.get("allow", [])]
        return cls(policy, allow, spec.get("scan", "on"))


def _policy_for_children(policy):
    """How a child process rebuilds the policy: its absolute path, or for a
    Policy object, its file when it came from one, else its fail_on and
    trusted_globals as policy text (a parsed policy's other settings cannot
    be read back: pass a path to hand children all of it)."""
    if policy is None:
        return None
    if isinstance(policy, (str, os.PathLike)):
        return os.path.abspath(os.fspath(policy))
    if os.path.isfile(policy.source):
        return os.path.abspath(policy.source)
    trusted = {module: sorted(names) for module, names in policy.trusted_globals.items()}
    return {"text": json.dumps({"fail_on": list(policy.fail_on), "trusted_globals": trusted}),
            "source": policy.source}


class _Block:
    """One active enforce() block: its configuration and the thread that entered it."""

    __slots__ = ("config", "previous_base", "owner", "active")

    def __init__(self, config):
        self.config = config
        self.previous_base = None
        self.owner = None
        self.active = True


class _State:
    """Process-wide, like the pickle module attributes the guard replaces:
    the install() configuration (`base`) and the active enforce() blocks.
    A load uses the innermost active block of its own thread, else the
    block entered last in any thread, else the install() configuration."""

    def __init__(self):
        self.base = None
        self.blocks = []
        self._local = threading.local()

    @property
    def config(self):
        own = getattr(self._local, "blocks", None)
        if own:
            for block in reversed(own):
                if block.active:
                    return block.config
        return self.shared_config()

    def shared_config(self):
        """The configuration of threads without a block of their own, and of child processes."""
        try:
            return self.blocks[-1].config
        except IndexError:
            return self.base

    def active(self):
        return self.base is not None or bool(self.blocks)

    def enter(self, block):
        own = getattr(self._local, "blocks", None)
        if own is None:
            own = self._local.blocks = []
        block.owner = own
        own.append(block)
        self.blocks.append(block)

    def leave(self, block):
        block.active = False
        if block in block.owner:
            block.owner.remove(block)
        if block in self.blocks:
            self.blocks.remove(block)

    def clear(self):
        for block in self.blocks:
            block.active = False
        self.blocks = []
        self.base = None


state = _State()


def _allow_pair(entry):
    if isinstance(entry, str):
        module, _, name = entry.partition(":")
    else:
        module, name = tuple(entry) if len(entry) == 2 else (None, None)
    if not (isinstance(module, str) and module and isinstance(name, str) and name):
        raise ValueError(f"allow entries are (module, name) pairs or 'module:name' strings, not {entry!r}")
    return module, name


def _allow_map(allow):
    """`allow` as module -> names: a mapping like trusted_globals, or pairs
    (module, name), or "module:name" strings."""
    if allow is None:
        return {}
    if hasattr(allow, "items"):
        return {module: set([names] if isinstance(names, str) else names) for module, names in allow.items()}
    out = {}
    for module, name in map(_allow_pair, [allow] if isinstance(allow, str) else allow):
        out.setdefault(module, set()).add(name)
    return out


def check_global(module, name):
    """Raises UnsafeFileError unless find_class may import module.name."""
    config = state.config
    if config is None:
        return
    if type(module) is not str or type(name) is not str:
        raise UnsafeFileError(f"sentinel guard refused a global named by {type(module).__name__} and "
                              f"{type(name).__name__} operands: PICKLE-STRUCT: find_class takes strings",
                              rule_id="PICKLE-STRUCT")
    if (module, name) in config.allowed:
        return
    allowed, rule_id, reason = _core.judge_global(config.policy, module, name, config.scan)
    if allowed:
        config.allowed.add((module, name))
        return
    if rule_id == "PICKLE-EXEC":
        how = _DANGEROUS
    else:
        how = (f"if the file is trusted, add it to the policy's trusted_globals ({module}: [{name}]) or pass "
               f"allow=[({module!r}, {name!r})] to sentinel.guard.install() or enforce()")
    raise UnsafeFileError(f"sentinel guard refused {module}.{name}: {rule_id}: {reason}; {how}",
                          rule_id=rule_id, module=module, name=name)


def _storage_type(t):
    """torch.load's find_class turns storage names into StorageType objects;
    other unpicklers resolve the storage class itself."""
    kind = type(t)
    if kind.__name__ == "StorageType" and kind.__module__ == "torch.serialization":
        return True
    return isinstance(t, type) and t.__module__.split(".")[0] == "torch" and t.__name__.endswith("Storage")


def _torch_id(pid):
    """Persistent ids torch.load's persistent_load accepts (torch/serialization.py):
    ('storage', type, key, location, numel) in zip checkpoints, with a sixth
    view item in the legacy format, and the legacy ('module', class, file, source)."""
    if type(pid) is not tuple or not pid:
        return False
    kind = pid[0].decode("ascii", "replace") if isinstance(pid[0], bytes) else pid[0]
    if kind == "module":
        return len(pid) == 4 and isinstance(pid[1], type)
    if kind != "storage" or len(pid) not in (5, 6):
        return False
    storage_type, key, location, numel = pid[1:5]
    return (_storage_type(storage_type) and isinstance(key, (str, bytes)) and isinstance(location, (str, bytes))
            and type(numel) is int and (len(pid) == 5 or pid[5] is None or type(pid[5]) is tuple))


def check_persistent_id(pid):
    """Raises UnsafeFileError unless pid is a torch storage id (or, with the
    scan on, the policy does not fail PICKLE-STRUCT findings)."""
    config = state.config
    if config is None or config.structure_tolerated or _torch_id(pid):
        return
    shown = repr(pid)
    shown = shown if len(shown) <= 120 else shown[:117] + "..."
    raise UnsafeFileError(f"sentinel guard refused persistent id {shown}: PICKLE-STRUCT: only torch storage ids are "
                          "accepted; persistent ids elsewhere cannot be allowed while the guard is installed",
                          rule_id="PICKLE-STRUCT")


def check_extension(code):
    """Raises UnsafeFileError for an extension code in the pure-Python
    unpickler, unless (scan on) the policy does not fail PICKLE-STRUCT
    findings; the registered name is then judged by find_class."""
    config = state.config
    if config is None or config.structure_tolerated:
        return
    raise UnsafeFileError(f"sentinel guard refused extension code {code}: PICKLE-STRUCT: the copyreg extension "
                          "registry resolves names outside find_class; extension codes cannot be allowed",
                          rule_id="PICKLE-STRUCT")


def _how_to_accept(finding):
    if finding.rule_id == "PICKLE-GLOBAL-IMPORT":
        return (f"if the file is trusted, add it to the policy's trusted_globals ({finding.module}: [{finding.name}]) "
                f"or pass allow=[({finding.module!r}, {finding.name!r})]")
    if finding.rule_id == "PICKLE-EXEC":
        return _DANGEROUS
    return f"{finding.fix}; a policy allow entry for {finding.rule_id} with a reason accepts it (docs/policy.md)"


def _refuse_failing(findings, path):
    failing = [f for f in findings if f.verdict == "fail"]
    if failing:
        first = failing[0]
        more = f" (and {len(failing) - 1} more finding(s))" if len(failing) > 1 else ""
        raise UnsafeFileError(f"sentinel guard refused {path}: {first.rule_id} {first.severity} at {first.location}: "
                              f"{first.evidence}{more}; {_how_to_accept(first)}",
                              rule_id=first.rule_id, module=first.module, name=first.name, findings=failing)


def scan_load(data, *, torch_ids, buffers, path, partial=False):
    """Scans the pickle stream at the start of `data` when scanning is on;
    returns how many bytes it spans (None when scanning is off, or when
    `partial` data ends inside the stream: read on), or raises
    UnsafeFileError when a finding fails the policy."""
    config = state.config
    if config is None or not config.scan:
        return None
    scanned = _core.scan_load(config.policy, data, torch_ids, bool(buffers), partial, path)
    if scanned is None:
        return None
    consumed, findings = scanned
    _refuse_failing(findings, path)
    return consumed


def refuse_code_loader(loader, source):
    shown = source if isinstance(source, str) else type(source).__name__
    raise UnsafeFileError(f"sentinel guard refused {loader} of {shown}: PICKLE-EXEC: it runs Python code from the "
                          "archive, which no scan can judge; load it without the guard only if the archive is "
                          "trusted, or re-export the model to safetensors", rule_id="PICKLE-EXEC")


def scan_artifact(source, *, is_path, what, name=None, runs_code=False):
    """Scans a whole artifact (a path, or its bytes) as `sentinel artifact`
    does and raises UnsafeFileError when the policy fails a finding or the
    file cannot be read. With scanning off, find_class alone judges what it
    sees (scan="off" is names only); an archive whose code runs (`runs_code`)
    has no names to judge, so it is refused."""
    config = state.config
    if config is None or (not config.scan and not runs_code):
        return
    shown = source if is_path else (name if isinstance(name, str) else "<bytes>")
    if not config.scan:
        raise UnsafeFileError(f"sentinel guard refused the {what} {shown}: PICKLE-EXEC: with scan='off' its "
                              "content cannot be judged; install the guard with scan='on'", rule_id="PICKLE-EXEC")
    try:
        findings = (_core.scan_load_file(source, config.policy) if is_path
                    else _core.scan_bytes(source, shown, config.policy))
    except ValueError as e:
        raise UnsafeFileError(f"sentinel guard refused the {what} {shown}: PICKLE-STRUCT: it cannot be scanned: {e}",
                              rule_id="PICKLE-STRUCT") from None
    _refuse_failing(findings, shown)
