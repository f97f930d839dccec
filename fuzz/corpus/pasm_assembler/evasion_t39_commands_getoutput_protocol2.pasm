#! technique 39 Python 2 commands.getoutput (protocol 2: mapped to subprocess)
#! expect PICKLE-EXEC subprocess.getoutput
# picklescan commit 62e76cf. At protocol < 3 _compat_pickle maps commands to
# subprocess, and subprocess.getoutput exists in Python 3.
PROTO 2
GLOBAL "commands" "getoutput"
BINUNICODE "id"
TUPLE1
REDUCE
STOP
