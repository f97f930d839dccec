#! technique 2 protocol 0 pickle that does not start with GLOBAL: MARK+LIST prefix
#! expect PICKLE-EXEC builtins.exec
# pickle.dumps([Evil()], protocol=0): the stream starts "(lp0\n", so a sniffer
# looking for a leading 'c' (or \x80) does not recognise it as a pickle.
MARK
LIST
PUT "0"
GLOBAL "__builtin__" "exec"
PUT "1"
MARK
UNICODE "import os; os.system('id')"
PUT "2"
TUPLE
PUT "3"
REDUCE
PUT "4"
APPEND
STOP
