#! technique 59 methodcaller("system", "id")(pydoc.locate("os"))
#! expect PICKLE-EXEC operator.methodcaller
#! expect PICKLE-EXEC pydoc.locate
#! expect PICKLE-STRUCT
# picklescan GHSA-84r2-jw7c-4r5q / CVE-2025-71320: the outer REDUCE calls the
# methodcaller object (a call result) with the located os module.
PROTO 4
SHORT_BINUNICODE "operator"
SHORT_BINUNICODE "methodcaller"
STACK_GLOBAL
SHORT_BINUNICODE "system"
SHORT_BINUNICODE "id"
TUPLE2
REDUCE
SHORT_BINUNICODE "pydoc"
SHORT_BINUNICODE "locate"
STACK_GLOBAL
SHORT_BINUNICODE "os"
TUPLE1
REDUCE
TUPLE1
REDUCE
STOP
