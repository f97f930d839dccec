#! technique 77 importing the scanner to disable it in-process
#! expect PICKLE-EXEC fickling.hook.remove_hook
# fickling ScannerDeactivation analysis (#249): a pickle that turns the
# runtime guard off for everything loaded after it.
PROTO 4
SHORT_BINUNICODE "fickling.hook"
SHORT_BINUNICODE "remove_hook"
STACK_GLOBAL
EMPTY_TUPLE
REDUCE
STOP
