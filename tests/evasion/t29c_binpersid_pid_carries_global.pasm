#! technique 29 persistent id whose tuple carries a dangerous global
#! expect PICKLE-EXEC os.system
#! expect PICKLE-STRUCT
# find_class("os", "system") runs while the pid is built, before
# persistent_load sees it; a loader that calls pid[1](...) runs it.
PROTO 2
MARK
BINUNICODE "storage"
GLOBAL "os" "system"
BINUNICODE "id"
BINUNICODE "cpu"
BININT1 1
TUPLE
BINPERSID
STOP
