#! technique 70 site.execsitecustomize imports and runs sitecustomize
#! expect PICKLE-EXEC site.execsitecustomize
# fickling GHSA-m6fh-58r7-x697.
PROTO 4
SHORT_BINUNICODE "site"
SHORT_BINUNICODE "execsitecustomize"
STACK_GLOBAL
EMPTY_TUPLE
REDUCE
STOP
