#! technique 22 dotted attribute name: collections + abc.sys.modules.get
#! expect PICKLE-EXEC sys.modules
# collections.abc imports sys, so abc.sys.modules is the interpreter's module
# table; .get("posix") hands back the posix module for later getattr games.
PROTO 4
SHORT_BINUNICODE "collections"
SHORT_BINUNICODE "abc.sys.modules.get"
STACK_GLOBAL
SHORT_BINUNICODE "posix"
TUPLE1
REDUCE
STOP
