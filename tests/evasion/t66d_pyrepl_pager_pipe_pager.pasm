#! technique 66 _pyrepl.pager.pipe_pager pipes text to a shell command
#! expect PICKLE-EXEC _pyrepl.pager.pipe_pager
# fickling GHSA-5hwf-rc88-82xm. pipe_pager(text, cmd).
PROTO 4
SHORT_BINUNICODE "_pyrepl.pager"
SHORT_BINUNICODE "pipe_pager"
STACK_GLOBAL
SHORT_BINUNICODE "x"
SHORT_BINUNICODE "id"
TUPLE2
REDUCE
STOP
