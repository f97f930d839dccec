#! technique 55 ensurepip._run_pip runs code in a subprocess
#! expect PICKLE-EXEC ensurepip._run_pip
# picklescan GHSA-xp4f-hrf8-rxw7.
PROTO 4
SHORT_BINUNICODE "ensurepip"
SHORT_BINUNICODE "_run_pip"
STACK_GLOBAL
SHORT_BINUNICODE "import os; os.system('id')"
TUPLE1
REDUCE
STOP
