#! technique 66 _osx_support._read_output runs a shell command
#! expect PICKLE-EXEC _osx_support._read_output
# picklescan GHSA-g38g-8gr9-h9xp.
PROTO 4
SHORT_BINUNICODE "_osx_support"
SHORT_BINUNICODE "_read_output"
STACK_GLOBAL
SHORT_BINUNICODE "id"
TUPLE1
REDUCE
STOP
