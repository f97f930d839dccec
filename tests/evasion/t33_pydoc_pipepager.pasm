#! technique 33 pydoc.pipepager runs the pager command through a shell
#! expect PICKLE-EXEC pydoc.pipepager
# picklescan commit 93764d6.
PROTO 4
SHORT_BINUNICODE "pydoc"
SHORT_BINUNICODE "pipepager"
STACK_GLOBAL
SHORT_BINUNICODE ""
SHORT_BINUNICODE "echo \"pwned\""
TUPLE2
REDUCE
STOP
