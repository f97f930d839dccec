#! technique 29 BINPERSID in a plain pickle stream (no container defines persistent ids)
#! expect PICKLE-STRUCT
# A torch-style storage pid outside a torch archive: persistent_load() is the
# loader's code, and custom loaders (tensorizer) do arbitrary work with it.
PROTO 2
MARK
BINUNICODE "storage"
GLOBAL "torch" "FloatStorage"
BINUNICODE "0"
BINUNICODE "cpu"
BININT1 4
TUPLE
BINPERSID
STOP
