#! technique 74 torch.storage._load_from_bytes: nested torch.load of embedded bytes
#! expect PICKLE-EXEC torch.storage._load_from_bytes
# fickling UnsafeImportsML. The embedded bytes are a plain pickle of os.system("id").
PROTO 4
SHORT_BINUNICODE "torch.storage"
SHORT_BINUNICODE "_load_from_bytes"
STACK_GLOBAL
SHORT_BINBYTES hex"80 04 8c 02 6f 73 8c 06 73 79 73 74 65 6d 93 8c 02 69 64 85 52 2e"
TUPLE1
REDUCE
STOP
