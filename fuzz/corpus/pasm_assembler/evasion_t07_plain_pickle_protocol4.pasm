#! technique 7 plain protocol 4 pickle (what lands in pytorch_model.bin)
#! expect PICKLE-EXEC posix.system
# Byte for byte what pickle.dumps(Evil(), protocol=4) writes on Linux for
# Evil.__reduce__ = (os.system, ("id",)): os.system pickles as posix.system.
# The .bin/.pt extension aspect of CVE-2025-10155 is tested with containers;
# this is the stream itself.
PROTO 4
FRAME 29
SHORT_BINUNICODE "posix"
MEMOIZE
SHORT_BINUNICODE "system"
MEMOIZE
STACK_GLOBAL
MEMOIZE
SHORT_BINUNICODE "id"
MEMOIZE
TUPLE1
MEMOIZE
REDUCE
MEMOIZE
STOP
