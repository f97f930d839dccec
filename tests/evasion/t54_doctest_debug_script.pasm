#! technique 54 doctest.debug_script exec()s a script
#! expect PICKLE-EXEC doctest.debug_script
# picklescan GHSA-fqq6-7vqf-w3fg; fickling GHSA-pc6j-px3p-rrj4.
PROTO 4
SHORT_BINUNICODE "doctest"
SHORT_BINUNICODE "debug_script"
STACK_GLOBAL
SHORT_BINUNICODE "import os; os.system('id')"
NEWTRUE
TUPLE2
REDUCE
STOP
