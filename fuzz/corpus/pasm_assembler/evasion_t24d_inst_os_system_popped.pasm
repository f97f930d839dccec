#! technique 24 protocol 0 INST call of os.system whose result is POPped
#! expect PICKLE-EXEC os.system
# INST pops the marked arguments and calls module.name(*args) directly: there
# is no GLOBAL or REDUCE opcode in the stream at all.
MARK
STRING "'id'"
INST "os" "system"
POP
NONE
STOP
