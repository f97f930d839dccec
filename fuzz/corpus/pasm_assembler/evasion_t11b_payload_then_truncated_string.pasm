#! technique 11 broken pickle: payload first, then a string whose length runs past the end
#! expect PICKLE-EXEC os.system
#! expect PICKLE-STRUCT
# Same idea as t11 with a different break: BINUNICODE declares 4096 bytes but
# only 3 follow and there is no STOP.
PROTO 2
GLOBAL "os" "system"
SHORT_BINUNICODE "id"
TUPLE1
REDUCE
POP
BINUNICODE len=4096 "abc"
