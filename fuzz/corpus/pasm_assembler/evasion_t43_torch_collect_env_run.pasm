#! technique 43 torch.utils.collect_env.run runs a shell command
#! expect PICKLE-EXEC torch.utils.collect_env.run
# picklescan GHSA-f745-w6jp-hpxx; modelscan #338.
PROTO 4
SHORT_BINUNICODE "torch.utils.collect_env"
SHORT_BINUNICODE "run"
STACK_GLOBAL
SHORT_BINUNICODE "id"
TUPLE1
REDUCE
STOP
