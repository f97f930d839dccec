#! technique 63 logging.FileHandler creates an arbitrary file
#! expect PICKLE-EXEC logging.FileHandler
# picklescan GHSA-m7j5-r2p5-c39r.
PROTO 4
SHORT_BINUNICODE "logging"
SHORT_BINUNICODE "FileHandler"
STACK_GLOBAL
SHORT_BINUNICODE "/tmp/pwned.pth"
SHORT_BINUNICODE "w"
TUPLE2
REDUCE
STOP
