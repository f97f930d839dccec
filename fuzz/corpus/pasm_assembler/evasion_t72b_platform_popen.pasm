#! technique 72 platform.popen runs a shell command (Python <= 3.7)
#! expect PICKLE-EXEC platform.popen
# fickling GHSA-5cxw-w2xg-2m8h family.
PROTO 4
SHORT_BINUNICODE "platform"
SHORT_BINUNICODE "popen"
STACK_GLOBAL
SHORT_BINUNICODE "id"
TUPLE1
REDUCE
STOP
