#! technique 47 trace.Trace.run exec()s a string
#! expect PICKLE-EXEC trace.Trace.run
# picklescan GHSA-5qwp-399c-mjwf.
PROTO 4
SHORT_BINUNICODE "trace"
SHORT_BINUNICODE "Trace.run"
STACK_GLOBAL
EMPTY_DICT
SHORT_BINUNICODE "import os; os.system('id')"
TUPLE2
REDUCE
STOP
