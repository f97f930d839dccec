#! technique 8 legacy (non-zip) torch layout, payload in pickle #4
#! expect PICKLE-EXEC os.system
# Five back-to-back protocol 2 pickles, as torch.save(...,
# _use_new_zipfile_serialization=False) writes them: magic number, protocol
# version 1001, sys_info, the object (here the payload), the storage key list.
# modelscan only scanned the first one. Whether PICKLE-STRUCT fires depends on
# whether the reader recognises the legacy torch layout, so it is not asserted.
# pickle 1: MAGIC_NUMBER 0x1950a86a20f9469cfc6c
PROTO 2
LONG1 0x1950a86a20f9469cfc6c
STOP
# pickle 2: PROTOCOL_VERSION
PROTO 2
BININT2 1001
STOP
# pickle 3: sys_info
PROTO 2
EMPTY_DICT
BINPUT 0
MARK
BINUNICODE "protocol_version"
BINPUT 1
BININT2 1001
BINUNICODE "little_endian"
BINPUT 2
NEWTRUE
BINUNICODE "type_sizes"
BINPUT 3
EMPTY_DICT
BINPUT 4
MARK
BINUNICODE "short"
BINPUT 5
BININT1 2
BINUNICODE "int"
BINPUT 6
BININT1 4
BINUNICODE "long"
BINPUT 7
BININT1 4
SETITEMS
SETITEMS
STOP
# pickle 4: the "object" is the payload
PROTO 2
GLOBAL "os" "system"
BINPUT 0
BINUNICODE "id"
BINPUT 1
TUPLE1
BINPUT 2
REDUCE
BINPUT 3
STOP
# pickle 5: storage keys
PROTO 2
EMPTY_LIST
BINPUT 0
STOP
