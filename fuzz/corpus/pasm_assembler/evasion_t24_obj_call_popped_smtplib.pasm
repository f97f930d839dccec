#! technique 24 OBJ call whose result is POPped (dropped from fickling's AST)
#! expect PICKLE-GLOBAL-IMPORT smtplib
# fickling GHSA-mxhj-88fx-4pcv: smtplib.SMTP("127.0.0.1") connects at load
# time; the result is discarded and the pickle returns None.
PROTO 4
MARK
SHORT_BINUNICODE "smtplib"
SHORT_BINUNICODE "SMTP"
STACK_GLOBAL
SHORT_BINUNICODE "127.0.0.1"
OBJ
POP
NONE
STOP
