#! technique 17 STACK_GLOBAL operands fetched from the memo behind decoy strings
#! expect PICKLE-EXEC os.system
# picklescan tests/data/malicious11.pkl (issue #22): the last two strings
# pushed before STACK_GLOBAL are the decoys "torch" / "LongStorage"; the real
# operands come from memo slots 2 and 3.
UNICODE "os"
PUT "2"
POP
UNICODE "system"
PUT "3"
POP
UNICODE "torch"
PUT "0"
POP
UNICODE "LongStorage"
PUT "1"
POP
GET "2"
GET "3"
STACK_GLOBAL
MARK
UNICODE "cat flag.txt"
TUPLE
REDUCE
STOP
