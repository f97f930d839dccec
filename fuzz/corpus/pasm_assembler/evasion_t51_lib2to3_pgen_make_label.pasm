#! technique 51 lib2to3 ParserGenerator.make_label evaluates a string
#! expect PICKLE-EXEC lib2to3.pgen2.pgen.ParserGenerator.make_label
# picklescan GHSA-p9w7-82w4-7q8m: make_label(self, c, label) eval()s a quoted label.
PROTO 4
SHORT_BINUNICODE "lib2to3.pgen2.pgen"
SHORT_BINUNICODE "ParserGenerator.make_label"
STACK_GLOBAL
NONE
EMPTY_DICT
SHORT_BINUNICODE "\"\"+__import__('os').system('id')"
TUPLE3
REDUCE
STOP
