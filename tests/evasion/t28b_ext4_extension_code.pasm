#! technique 28 EXT4 extension-registry code (4-byte form) instead of a GLOBAL
#! expect PICKLE-STRUCT EXT4
PROTO 2
EXT4 0x7fffffff
SHORT_BINUNICODE "id"
TUPLE1
REDUCE
STOP
