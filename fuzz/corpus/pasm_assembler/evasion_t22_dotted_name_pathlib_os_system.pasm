#! technique 22 dotted attribute name: pathlib + os.system
#! expect PICKLE-EXEC os.system
# fickling GHSA-5j3x-jp52-966f: protocol 4 walks the dotted name, so
# pathlib.os.system is os.system although the module is harmless stdlib.
PROTO 4
SHORT_BINUNICODE "pathlib"
SHORT_BINUNICODE "os.system"
STACK_GLOBAL
SHORT_BINUNICODE "id"
TUPLE1
REDUCE
STOP
