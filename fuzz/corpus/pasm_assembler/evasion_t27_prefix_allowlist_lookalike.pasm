#! technique 27 allowlist prefix look-alike: sklearn.ensemble._anything.execute
#! expect PICKLE-GLOBAL-IMPORT sklearn.ensemble._anything
#! expect-not PICKLE-EXEC
# ModelAudit PR #518 (a): prefix matching on "sklearn." made any name under
# sklearn safe. The allowlist is exact, so this is an unknown global.
PROTO 4
SHORT_BINUNICODE "sklearn.ensemble._anything"
SHORT_BINUNICODE "execute"
STACK_GLOBAL
SHORT_BINUNICODE "id"
TUPLE1
REDUCE
STOP
