#! technique 70 _posixsubprocess.fork_exec spawns a process
#! expect PICKLE-EXEC _posixsubprocess.fork_exec
# fickling GHSA-m6fh-58r7-x697 / CVE-2026-14534. Argument list abbreviated; resolving
# the callable is what matters.
PROTO 4
SHORT_BINUNICODE "_posixsubprocess"
SHORT_BINUNICODE "fork_exec"
STACK_GLOBAL
EMPTY_LIST
MARK
SHORT_BINBYTES "/bin/sh"
SHORT_BINBYTES "-c"
SHORT_BINBYTES "id"
APPENDS
TUPLE1
REDUCE
STOP
