"""The error the runtime guard raises when it refuses a load."""

import types

_FINDING_FIELDS = ("rule_id", "category", "severity", "title", "cwe", "owasp_llm", "owner", "release_decision",
                   "retest", "help_uri", "fix", "fp_risk", "location", "path", "chain", "offset", "stream", "evidence",
                   "opcode", "module", "name", "fingerprint", "also_at", "also_at_more", "verdict")


class UnsafeFileError(Exception):
    """A pickle load the guard refused: a global outside the allowlist, a
    persistent id or extension code it does not accept, or a static finding
    that fails the policy.

    It derives from Exception and deliberately from nothing more specific:
    loaders catch pickle.UnpicklingError (torch's "weights_only, then fall
    back" pattern), ImportError/AttributeError/TypeError (pandas.read_pickle
    retries with its compatibility unpickler), ValueError, RuntimeError or
    OSError and try another way; none of those handlers may turn a refusal
    into a second attempt. Code that catches every Exception does catch it,
    but any retry is refused again while the guard is installed.

    Attributes: rule_id (the rule the load breaks), module and name (the
    refused global, empty otherwise), findings (the static scan's failing
    findings, when the scan refused the load).
    """

    def __init__(self, message, *, rule_id, module="", name="", findings=()):
        super().__init__(message)
        self.rule_id = rule_id
        self.module = module
        self.name = name
        self.findings = list(findings)

    def __reduce__(self):
        # Crosses process boundaries (a refusal in a multiprocessing or loky
        # worker reaches the parent): keyword-only fields, and findings as
        # plain namespaces with the same fields (the scanner's Finding objects
        # do not pickle).
        findings = [f if isinstance(f, types.SimpleNamespace) else
                    types.SimpleNamespace(**{k: getattr(f, k) for k in _FINDING_FIELDS if hasattr(f, k)})
                    for f in self.findings]
        state = {**self.__dict__, "findings": findings}
        return _rebuild, (type(self), self.args, state)


def _rebuild(cls, args, state):
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error
