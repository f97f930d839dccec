#! technique 18 memo holds the object GLOBAL resolved (set by BUILD), not the opcode argument
#! expect PICKLE-EXEC os.system
# modelscan issue #85. BUILD with a (None, slotstate) tuple does
# setattr(numpy.prod, 'a', 'os') and setattr(numpy.prod, 'b', 'system').
# GLOBAL 'numpy prod.a' then resolves (protocol 5 walks the dotted name) to
# the string 'os', which PUT 0 stores; scanners that record "the previous
# opcode's argument" store the text "numpy prod.a" instead. STACK_GLOBAL then
# gets ('os', 'system').
PROTO 5
GLOBAL "numpy" "prod"
NONE
MARK
UNICODE "a"
UNICODE "os"
DICT
TUPLE2
BUILD
NONE
MARK
UNICODE "b"
UNICODE "system"
DICT
TUPLE2
BUILD
POP
GLOBAL "numpy" "prod.a"
PUT "0"
GLOBAL "numpy" "prod.b"
PUT "1"
POP
POP
GET "0"
GET "1"
STACK_GLOBAL
UNICODE "echo pwned"
TUPLE1
REDUCE
STOP
