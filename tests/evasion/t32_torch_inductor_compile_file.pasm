#! technique 32 torch._inductor.codecache.compile_file runs a command line
#! expect PICKLE-EXEC torch._inductor.codecache.compile_file
# picklescan GHSA-655q-fx9r-782v, commit 93764d6.
PROTO 4
SHORT_BINUNICODE "torch._inductor.codecache"
SHORT_BINUNICODE "compile_file"
STACK_GLOBAL
SHORT_BINUNICODE ""
SHORT_BINUNICODE ""
EMPTY_LIST
MARK
SHORT_BINUNICODE "sh"
SHORT_BINUNICODE "-c"
SHORT_BINUNICODE "$(echo pwned)"
APPENDS
TUPLE3
REDUCE
STOP
