#! technique 70 atexit._run_exitfuncs runs registered exit hooks now
#! expect PICKLE-EXEC atexit._run_exitfuncs
# fickling GHSA-m6fh-58r7-x697.
PROTO 4
SHORT_BINUNICODE "atexit"
SHORT_BINUNICODE "_run_exitfuncs"
STACK_GLOBAL
EMPTY_TUPLE
REDUCE
STOP
