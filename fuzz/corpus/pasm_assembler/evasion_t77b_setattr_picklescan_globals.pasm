#! technique 77 scanner tampering: setattr(picklescan.scanner, "_unsafe_globals", {})
#! expect PICKLE-EXEC builtins.setattr
#! expect PICKLE-EXEC picklescan.scanner
# Empties an in-process scanner's denylist; the dotted name reaches the
# submodule as an attribute of the package.
PROTO 4
SHORT_BINUNICODE "builtins"
SHORT_BINUNICODE "setattr"
STACK_GLOBAL
SHORT_BINUNICODE "picklescan"
SHORT_BINUNICODE "scanner"
STACK_GLOBAL
SHORT_BINUNICODE "_unsafe_globals"
EMPTY_DICT
TUPLE3
REDUCE
STOP
