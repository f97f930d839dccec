#! technique 76 iterable consumer: collections.deque(map(os.system, ["id"]))
#! expect PICKLE-EXEC os.system
# deque() drains the map iterator, which calls os.system("id"); the only
# REDUCEs are on map and deque.
PROTO 4
SHORT_BINUNICODE "collections"
SHORT_BINUNICODE "deque"
STACK_GLOBAL
SHORT_BINUNICODE "builtins"
SHORT_BINUNICODE "map"
STACK_GLOBAL
SHORT_BINUNICODE "os"
SHORT_BINUNICODE "system"
STACK_GLOBAL
EMPTY_LIST
SHORT_BINUNICODE "id"
APPEND
TUPLE2
REDUCE
TUPLE1
REDUCE
STOP
