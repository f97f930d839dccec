#! technique 48 profile.Profile.runctx exec()s a string
#! expect PICKLE-EXEC profile.Profile.runctx
# picklescan GHSA-6vqj-c2q5-j97w.
PROTO 4
SHORT_BINUNICODE "profile"
SHORT_BINUNICODE "Profile.runctx"
STACK_GLOBAL
MARK
EMPTY_DICT
SHORT_BINUNICODE "import os; os.system('id')"
EMPTY_DICT
EMPTY_DICT
TUPLE
REDUCE
STOP
