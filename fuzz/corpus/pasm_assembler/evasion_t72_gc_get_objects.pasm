#! technique 72 gc.get_objects reaches every live object, modules included
#! expect PICKLE-EXEC gc.get_objects
# fickling GHSA-r48f-3986-4f9c family.
PROTO 4
SHORT_BINUNICODE "gc"
SHORT_BINUNICODE "get_objects"
STACK_GLOBAL
EMPTY_TUPLE
REDUCE
STOP
