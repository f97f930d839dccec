#! technique 26 stdlib global outside the allowlist must not pass as safe
#! expect PICKLE-GLOBAL-IMPORT ast
#! expect-not PICKLE-EXEC
# fickling GHSA-cffv-grgg-g429 (CVE-2026-14535): the allowlist pass was
# shadowed, so ast.parse (not on any denylist) came out LIKELY_SAFE. It is
# harmless, but unknown to the ML allowlist.
PROTO 4
SHORT_BINUNICODE "ast"
SHORT_BINUNICODE "parse"
STACK_GLOBAL
SHORT_BINUNICODE "1 + 1"
TUPLE1
REDUCE
STOP
