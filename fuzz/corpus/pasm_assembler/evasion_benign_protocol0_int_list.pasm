#! expect-clean
# BENIGN. pickle.dumps([1, 2, 3], protocol=0): a protocol 0 stream that starts
# with MARK+LIST, like t02b, but with no global at all.
MARK
LIST
PUT "0"
INT "1"
APPEND
INT "2"
APPEND
INT "3"
APPEND
STOP
