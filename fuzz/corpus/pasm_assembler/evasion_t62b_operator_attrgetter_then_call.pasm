#! technique 62 operator.attrgetter("system")(importlib.import_module("os"))("id")
#! expect PICKLE-EXEC operator.attrgetter
#! expect PICKLE-EXEC importlib.import_module
#! expect PICKLE-STRUCT
# picklescan GHSA-46h3-79wf-xr6c family; modelscan listed only
# operator.attrgetter. Two reducer-chain calls.
PROTO 4
SHORT_BINUNICODE "operator"
SHORT_BINUNICODE "attrgetter"
STACK_GLOBAL
SHORT_BINUNICODE "system"
TUPLE1
REDUCE
SHORT_BINUNICODE "importlib"
SHORT_BINUNICODE "import_module"
STACK_GLOBAL
SHORT_BINUNICODE "os"
TUPLE1
REDUCE
TUPLE1
REDUCE
SHORT_BINUNICODE "id"
TUPLE1
REDUCE
STOP
