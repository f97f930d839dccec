#! technique 14 FRAME boundary parser differential (fickling test_frame_boundary_divergence)
#! expect PICKLE-STRUCT
#! expect PICKLE-EXEC os.system
# Exact fickling layout:
#   PROTO 5 | NONE | UNICODE 'a'*(8192*16-17)+'\n' | POP | MARK | FRAME <Q=2> |
#   BINBYTES <I=0x107> 00 00 | (GLOBAL 'os\nsystem\n' UNICODE 'echo pwned\n'
#   TUPLE1 REDUCE MARK).ljust(261, NONE) | POP_MARK | STOP
# A linear parser sees one 263-byte BINBYTES. The C unpickler reading from a
# file object stops at the 2-byte frame end (the 128 KiB padding pushes the
# frame past its read-ahead buffer) and executes the bytes "inside" the
# string: os.system("echo pwned"). The frame also lies (2 < 1 + 4 + 263).
PROTO 5
NONE
UNICODE "a"*131055
POP
MARK
FRAME 2
BINBYTES len=0x107 "\0\0"
# the 261 hidden bytes: 26 bytes of opcodes, then 235 NONE (0x4e)
GLOBAL "os" "system"
UNICODE "echo pwned"
TUPLE1
REDUCE
MARK
FILL 0x4e 235
POP_MARK
STOP
