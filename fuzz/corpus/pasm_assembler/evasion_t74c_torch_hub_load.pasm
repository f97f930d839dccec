#! technique 74 torch.hub.load downloads and runs hubconf.py
#! expect PICKLE-EXEC torch.hub.load
# modelscan #338; fickling UnsafeImportsML.
PROTO 4
SHORT_BINUNICODE "torch.hub"
SHORT_BINUNICODE "load"
STACK_GLOBAL
SHORT_BINUNICODE "attacker/repo"
SHORT_BINUNICODE "model"
TUPLE2
REDUCE
STOP
