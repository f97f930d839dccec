"""The error the runtime guard raises when it refuses a load."""


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
