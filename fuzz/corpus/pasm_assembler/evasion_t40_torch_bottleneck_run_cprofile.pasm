#! technique 40 torch.utils.bottleneck.__main__.run_cprofile executes code
#! expect PICKLE-EXEC torch.utils.bottleneck.__main__.run_cprofile
# picklescan GHSA-4r9r-ch6f-vxmx, GHSA-4whj-rm5r-c2v8.
PROTO 4
SHORT_BINUNICODE "torch.utils.bottleneck.__main__"
SHORT_BINUNICODE "run_cprofile"
STACK_GLOBAL
SHORT_BINUNICODE "import os; os.system('id')"
EMPTY_DICT
TUPLE2
REDUCE
STOP
