#! technique 22 dotted GLOBAL name after a second PROTO opcode switches to protocol 4
#! expect PICKLE-EXEC os.system
# The stream announces protocol 2 (dotted names are not walked below 4), then
# a PROTO 4 in the middle of the stream raises the unpickler's protocol: the
# C unpickler honours PROTO wherever it appears, so the later GLOBAL walks
# "os.system" on pathlib.
PROTO 2
EMPTY_LIST
POP
PROTO 4
GLOBAL "pathlib" "os.system"
SHORT_BINUNICODE "id"
TUPLE1
REDUCE
STOP
