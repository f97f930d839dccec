#! technique 52 idlelib.calltip.get_entity evaluates an expression
#! expect PICKLE-EXEC idlelib.calltip.get_entity
# picklescan GHSA-6w4w-5w54-rjvr family.
PROTO 4
SHORT_BINUNICODE "idlelib.calltip"
SHORT_BINUNICODE "get_entity"
STACK_GLOBAL
SHORT_BINUNICODE "__import__('os').system('id')"
TUPLE1
REDUCE
STOP
