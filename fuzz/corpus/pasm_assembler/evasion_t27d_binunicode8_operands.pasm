#! technique 27 BINUNICODE8 strings as STACK_GLOBAL operands
#! expect PICKLE-EXEC os.system
# ModelAudit PR #518 (d), POC 36: BINUNICODE8 (0x8d) was missing from the
# string-opcode set used to rebuild STACK_GLOBAL operands.
PROTO 4
BINUNICODE8 "os"
BINUNICODE8 "system"
STACK_GLOBAL
BINUNICODE8 "id"
TUPLE1
REDUCE
STOP
