#! technique 46 ConfigModule.load_config unpickles nested bytes
#! expect PICKLE-EXEC torch.utils._config_module.ConfigModule.load_config
# picklescan GHSA-vv6j-3g6g-2pvj.
PROTO 4
SHORT_BINUNICODE "torch.utils._config_module"
SHORT_BINUNICODE "ConfigModule.load_config"
STACK_GLOBAL
EMPTY_DICT
SHORT_BINBYTES hex"80 04 8c 02 6f 73 8c 06 73 79 73 74 65 6d 93 8c 02 69 64 85 52 2e"
TUPLE2
REDUCE
STOP
