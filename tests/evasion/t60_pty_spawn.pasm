#! technique 60 pty.spawn runs a shell
#! expect PICKLE-EXEC pty.spawn
# picklescan GHSA-vqmv-47xg-9wpr / CVE-2025-71322; fickling GHSA-r7v6-mfhq-g3m2 / CVE-2025-67748.
PROTO 4
SHORT_BINUNICODE "pty"
SHORT_BINUNICODE "spawn"
STACK_GLOBAL
EMPTY_LIST
MARK
SHORT_BINUNICODE "/bin/sh"
SHORT_BINUNICODE "-c"
SHORT_BINUNICODE "id; exit"
APPENDS
TUPLE1
REDUCE
STOP
