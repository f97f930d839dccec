#! expect-clean
#! loader pickle joblib pandas
# BENIGN. pickle.dumps(ZoneInfo('UTC')): getattr(ZoneInfo, '_unpickle')('UTC', 1).
PROTO 4
SHORT_BINUNICODE "builtins"
SHORT_BINUNICODE "getattr"
STACK_GLOBAL
SHORT_BINUNICODE "zoneinfo"
SHORT_BINUNICODE "ZoneInfo"
STACK_GLOBAL
SHORT_BINUNICODE "_unpickle"
TUPLE2
REDUCE
SHORT_BINUNICODE "UTC"
BININT1 1
TUPLE2
REDUCE
STOP
