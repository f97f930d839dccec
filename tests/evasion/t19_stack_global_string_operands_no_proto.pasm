#! technique 19 STACK_GLOBAL with STRING operands, first opcode is an operand, no PROTO
#! expect PICKLE-EXEC os.system
# picklescan tests/data2/malicious23.pkl (GHSA-9gvj-pp9x-gcfr): S'os'\n
# S'system'\n \x93 S'ls'\n \x85 R . -- the operand search skipped opcode #0
# and accepted only UNICODE-family opcodes.
STRING "'os'"
STRING "'system'"
STACK_GLOBAL
STRING "'ls'"
TUPLE1
REDUCE
STOP
