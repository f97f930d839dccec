#!/usr/bin/python3
"""Checks data/contracts.txt against the real libraries installed here: every
exact entry names a callable that exists, and the parameters it lists are the
real function's, in order (inspect.signature, or the signature line of a
builtin's docstring). Entries whose module this generation lacks (numpy._core
before numpy 2) and entries `since` a newer library version are reported as
skipped, not failed. Run it with each generation's /usr/bin/python3.

Exit status 0 when every checkable entry agrees; 1 otherwise."""

import importlib
import inspect
import pathlib
import re
import sys

REPO = pathlib.Path(__file__).resolve().parents[1]


def entries(text):
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        head, _, effects = line.partition(" -> ")
        module, _, rest = head.partition(" ")
        name, _, params = rest.partition("(")
        yield number, module, name.strip(), params.rstrip(")"), effects


def parameter_names(params):
    """The named parameters (collectors like *args and **kwargs are left out:
    builtins spell them differently)."""
    return [p.strip() for p in params.split(",") if p.strip() and not p.strip().startswith(("*", "/"))]


def effect_parameters(effects):
    """The parameters the effects act on: these must exist."""
    names = set()
    for clause in effects.split(";"):
        words = clause.split()
        if len(words) < 2 or words[0] in ("data", "container", "since", "dangerous"):
            continue
        names.update(n for n in re.split(r"[().*\s]+", " ".join(words[1:]).split(" as ")[0]) if n)
    return names


def real_parameters(obj):
    try:
        return [p.name for p in inspect.signature(obj).parameters.values()]
    except (TypeError, ValueError):
        pass
    # Builtins without a signature document theirs, one form a line:
    # "getattr(object, name[, default]) -> value", "type(name, bases, dict)".
    names = []
    short = getattr(obj, "__name__", "")
    for line in (getattr(obj, "__doc__", None) or "").splitlines():
        match = re.match(re.escape(short) + r"\((.*?)\)", line.strip()) if short else None
        if match:
            for p in re.split(r"[,\[\]]", match.group(1)):
                p = re.sub(r"=.*", "", p).strip().lstrip("*")
                if p and p not in names and p not in ("/", "..."):
                    names.append(p)
    return names or None


def version_at_least(installed, wanted):
    def key(v):
        return [int(x) for x in re.findall(r"\d+", v)[:3]]
    return key(installed) >= key(wanted)


def main():
    problems, checked, skipped = [], 0, []
    for number, module, name, params, effects in entries((REPO / "data/contracts.txt").read_text()):
        if name == "*":
            continue
        since = re.search(r"since (\S+) (\S+)", effects)
        if since:
            lib = importlib.import_module(since.group(1))
            if not version_at_least(getattr(lib, "__version__", "0"), since.group(2)):
                skipped.append(f"{module}.{name} (needs {since.group(1)} {since.group(2)})")
                continue
        try:
            obj = importlib.import_module(module)
        except ImportError:
            skipped.append(f"{module}.{name} (no module {module} in this generation)")
            continue
        try:
            for part in name.split("."):
                obj = getattr(obj, part)
        except AttributeError:
            problems.append(f"line {number}: {module}.{name} does not exist")
            continue
        listed = parameter_names(params)
        needed = effect_parameters(effects)
        real = real_parameters(obj) if listed else []
        if real is None:
            if needed:
                problems.append(f"line {number}: {module}.{name} has no signature to check {sorted(needed)} against")
            else:
                skipped.append(f"{module}.{name} (data only, no signature to compare)")
            continue
        # a|b: the parameter's name in one generation or another.
        listed = [next((a for a in p.split("|") if a in real), p) for p in listed]
        positions = [real.index(p) if p in real else -1 for p in listed]
        documented = not hasattr(obj, "__signature__") and not inspect.isfunction(obj)
        if -1 in positions or (positions != sorted(positions) and not documented):
            problems.append(f"line {number}: {module}.{name}({', '.join(listed)}) but the real parameters are "
                            f"({', '.join(real)})")
        checked += 1
    for s in skipped:
        print("skipped:", s)
    for p in problems:
        print("MISMATCH:", p)
    print(f"{checked} contract(s) checked, {len(skipped)} skipped, {len(problems)} mismatch(es)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
