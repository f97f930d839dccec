#! technique 63 _io.FileIO creates and truncates an arbitrary file
#! expect PICKLE-EXEC _io.FileIO
# picklescan GHSA-9726-w42j-3qjr.
PROTO 4
SHORT_BINUNICODE "_io"
SHORT_BINUNICODE "FileIO"
STACK_GLOBAL
SHORT_BINUNICODE "/home/user/.bashrc"
SHORT_BINUNICODE "w"
TUPLE2
REDUCE
STOP
