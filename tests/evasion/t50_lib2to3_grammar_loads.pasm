#! technique 50 lib2to3 Grammar.loads unpickles nested bytes
#! expect PICKLE-EXEC lib2to3.pgen2.grammar.Grammar.loads
# picklescan GHSA-f54q-57x4-jg88.
PROTO 4
SHORT_BINUNICODE "lib2to3.pgen2.grammar"
SHORT_BINUNICODE "Grammar.loads"
STACK_GLOBAL
EMPTY_DICT
SHORT_BINBYTES hex"80 04 8c 02 6f 73 8c 06 73 79 73 74 65 6d 93 8c 02 69 64 85 52 2e"
TUPLE2
REDUCE
STOP
