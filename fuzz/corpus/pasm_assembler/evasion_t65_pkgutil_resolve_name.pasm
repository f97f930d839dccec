#! technique 65 pkgutil.resolve_name("os:system") universal resolver
#! expect PICKLE-EXEC pkgutil.resolve_name
#! expect PICKLE-STRUCT
# picklescan GHSA-vvpj-8cmc-gx39 ("CVSS 10.0 universal bypass"): resolve_name
# returns any attribute of any module; the returned function is then called.
PROTO 4
SHORT_BINUNICODE "pkgutil"
SHORT_BINUNICODE "resolve_name"
STACK_GLOBAL
SHORT_BINUNICODE "os:system"
TUPLE1
REDUCE
SHORT_BINUNICODE "id"
TUPLE1
REDUCE
STOP
