#! technique 59 pydoc.locate("os.system") kept in the memo, then called
#! expect PICKLE-EXEC pydoc.locate
#! expect PICKLE-STRUCT
# fickling test_missing_pydoc shape: the located function is PUT, POPped and
# fetched back with GET before the call, so it is never on the stack next to
# its GLOBAL.
GLOBAL "pydoc" "locate"
STRING "'os.system'"
TUPLE1
REDUCE
PUT "0"
POP
GET "0"
STRING "'id'"
TUPLE1
REDUCE
STOP
