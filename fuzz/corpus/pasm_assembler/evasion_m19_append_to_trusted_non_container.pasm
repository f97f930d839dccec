#! expect PICKLE-STRUCT not a reviewed container
# APPEND on an instance of a trusted class that is no list: its append runs.
PROTO 2
GLOBAL "torch.nn.modules.container" "ModuleList"
EMPTY_TUPLE
REDUCE
BININT1 1
APPEND
STOP
