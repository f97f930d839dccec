#! technique 2 protocol 0 pickle: no PROTO opcode, so no \x80 magic to sniff
#! expect PICKLE-EXEC builtins.eval
# pickle.dumps(Evil(), protocol=0) where Evil reduces to eval(...): the first
# byte is 'c' (GLOBAL), and the Python 2 module name __builtin__ is mapped to
# builtins by the unpickler (_compat_pickle) because the protocol is < 3.
GLOBAL "__builtin__" "eval"
PUT "0"
MARK
UNICODE "__import__('os').system('id')"
PUT "1"
TUPLE
PUT "2"
REDUCE
PUT "3"
STOP
