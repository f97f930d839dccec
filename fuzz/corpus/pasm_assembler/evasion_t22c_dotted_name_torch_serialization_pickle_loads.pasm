#! technique 22 dotted attribute name: torch + serialization.pickle.loads (nested payload)
#! expect PICKLE-EXEC pickle.loads
# torch.serialization imports pickle; the nested bytes are a complete
# protocol 4 pickle of os.system("id").
PROTO 4
SHORT_BINUNICODE "torch"
SHORT_BINUNICODE "serialization.pickle.loads"
STACK_GLOBAL
SHORT_BINBYTES hex"80 04 8c 02 6f 73 8c 06 73 79 73 74 65 6d 93 8c 02 69 64 85 52 2e"
TUPLE1
REDUCE
STOP
