#! technique 52 idlelib.run.Executive.runcode exec()s a string
#! expect PICKLE-EXEC idlelib.run.Executive.runcode
# picklescan GHSA-3vg9-h568-4w9m (CVE-2025-71354) family.
PROTO 4
SHORT_BINUNICODE "idlelib.run"
SHORT_BINUNICODE "Executive.runcode"
STACK_GLOBAL
EMPTY_DICT
SHORT_BINUNICODE "import os; os.system('id')"
TUPLE2
REDUCE
STOP
