#! technique 67 runpy.run_path runs a Python file
#! expect PICKLE-EXEC runpy.run_path
# fickling GHSA-wfq2-52f7-7qvj / CVE-2026-22606.
PROTO 4
SHORT_BINUNICODE "runpy"
SHORT_BINUNICODE "run_path"
STACK_GLOBAL
SHORT_BINUNICODE "/tmp/malicious.py"
TUPLE1
REDUCE
STOP
