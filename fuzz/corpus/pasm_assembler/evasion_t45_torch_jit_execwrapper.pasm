#! technique 45 torch.jit.unsupported_tensor_ops.execWrapper exec()s a string
#! expect PICKLE-EXEC torch.jit.unsupported_tensor_ops.execWrapper
# picklescan GHSA-vr7h-p6mm-wpmh.
PROTO 4
SHORT_BINUNICODE "torch.jit.unsupported_tensor_ops"
SHORT_BINUNICODE "execWrapper"
STACK_GLOBAL
SHORT_BINUNICODE "import os; os.system('id')"
EMPTY_DICT
EMPTY_DICT
TUPLE3
REDUCE
STOP
