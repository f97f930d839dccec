#! technique 57 distutils.file_util.write_file writes an attacker file
#! expect PICKLE-EXEC distutils.file_util.write_file
# picklescan GHSA-m273-6v24-x4m4.
PROTO 4
SHORT_BINUNICODE "distutils.file_util"
SHORT_BINUNICODE "write_file"
STACK_GLOBAL
SHORT_BINUNICODE "pwned_config.env"
EMPTY_LIST
SHORT_BINUNICODE "content"
APPEND
TUPLE2
REDUCE
STOP
