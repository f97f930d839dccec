#! technique 27 ctypes.CDLL library load (list-vs-"*" comparison bug)
#! expect PICKLE-EXEC ctypes.CDLL
# ModelAudit PR #518 (c), gen_bypass_v4.py POC 25: SUSPICIOUS_GLOBALS held
# ["*"] for ctypes while the code compared with "*". Loading the library
# runs its constructors.
PROTO 4
SHORT_BINUNICODE "ctypes"
SHORT_BINUNICODE "CDLL"
STACK_GLOBAL
SHORT_BINUNICODE "/tmp/libmodel.so"
TUPLE1
REDUCE
STOP
