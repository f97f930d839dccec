#! technique 73 mailcap.findmatch runs the entry test command with os.system
#! expect PICKLE-EXEC mailcap.findmatch
# modelscan PR #346: findmatch(caps, MIMEtype) evaluates each entry's "test".
PROTO 4
SHORT_BINUNICODE "mailcap"
SHORT_BINUNICODE "findmatch"
STACK_GLOBAL
EMPTY_DICT
SHORT_BINUNICODE "text/plain"
EMPTY_LIST
EMPTY_DICT
MARK
SHORT_BINUNICODE "view"
SHORT_BINUNICODE "cat %s"
SHORT_BINUNICODE "test"
SHORT_BINUNICODE "id"
SETITEMS
APPEND
SETITEM
SHORT_BINUNICODE "text/plain"
TUPLE2
REDUCE
STOP
