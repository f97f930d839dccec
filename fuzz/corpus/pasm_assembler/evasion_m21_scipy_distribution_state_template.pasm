#! expect PICKLE-GLOBAL-IMPORT norm_gen
#! expect-not PICKLE-EXEC
# scipy.stats distributions run exec(self._parse_arg_template) in
# __setstate__, from the pickled state: the catalogue generator excludes them
# (data/allowlist-review.txt), so they stay untrusted and fail the gate.
PROTO 2
GLOBAL "copyreg" "_reconstructor"
GLOBAL "scipy.stats._continuous_distns" "norm_gen"
GLOBAL "builtins" "object"
NONE
TUPLE3
REDUCE
EMPTY_DICT
BINUNICODE "_parse_arg_template"
BINUNICODE "def _parse_args(*args): return args"
SETITEM
BUILD
STOP
