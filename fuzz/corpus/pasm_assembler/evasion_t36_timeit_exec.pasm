#! technique 36 timeit.timeit executes its setup string
#! expect PICKLE-EXEC timeit.timeit
# picklescan CVE-2025-71351; ModelAudit POC 28.
PROTO 4
SHORT_BINUNICODE "timeit"
SHORT_BINUNICODE "timeit"
STACK_GLOBAL
SHORT_BINUNICODE ""
SHORT_BINUNICODE "import os; os.system('id')"
TUPLE2
REDUCE
STOP
