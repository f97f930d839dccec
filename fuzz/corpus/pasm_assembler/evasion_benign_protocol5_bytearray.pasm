#! expect-clean
# BENIGN. pickle.dumps(bytearray(b"abc"), protocol=5): BYTEARRAY8 in a frame.
PROTO 5
FRAME 14
BYTEARRAY8 "abc"
MEMOIZE
STOP
