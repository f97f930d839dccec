"""The policy argument every API takes: None for the built-in defaults (what
`sentinel artifact --no-policy` applies), a path to a sentinel-policy.yml, or
a sentinel.Policy."""

import os

from sentinel import _core


def as_policy(policy):
    if policy is None:
        return _core.Policy()
    if isinstance(policy, _core.Policy):
        return policy
    if isinstance(policy, (str, os.PathLike)):
        return _core.Policy.load(os.fspath(policy))
    raise TypeError(f"policy must be a path or a sentinel.Policy, not {type(policy).__name__}")
