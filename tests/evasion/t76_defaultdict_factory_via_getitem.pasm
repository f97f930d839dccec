#! technique 76 callable invoked without a REDUCE on it: defaultdict factory via operator.getitem
#! expect PICKLE-EXEC os.system
#! expect PICKLE-EXEC operator.getitem
# ModelAudit PRs #1061-#1064: getitem(defaultdict(partial(os.system, "id")),
# "k") calls the factory from __missing__. os.system is never the callable
# of a REDUCE.
PROTO 4
SHORT_BINUNICODE "operator"
SHORT_BINUNICODE "getitem"
STACK_GLOBAL
SHORT_BINUNICODE "collections"
SHORT_BINUNICODE "defaultdict"
STACK_GLOBAL
SHORT_BINUNICODE "functools"
SHORT_BINUNICODE "partial"
STACK_GLOBAL
SHORT_BINUNICODE "os"
SHORT_BINUNICODE "system"
STACK_GLOBAL
SHORT_BINUNICODE "id"
TUPLE2
REDUCE
TUPLE1
REDUCE
SHORT_BINUNICODE "k"
TUPLE2
REDUCE
STOP
