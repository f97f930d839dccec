#! technique 72 imp.load_source runs a Python file
#! expect PICKLE-EXEC imp.load_source
# fickling GHSA-mhc9-48gj-9gp3 family.
PROTO 4
SHORT_BINUNICODE "imp"
SHORT_BINUNICODE "load_source"
STACK_GLOBAL
SHORT_BINUNICODE "x"
SHORT_BINUNICODE "/tmp/x.py"
TUPLE2
REDUCE
STOP
