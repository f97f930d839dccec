#! technique 52 idlelib.debugobj.ObjectTreeItem.SetText evaluates its text
#! expect PICKLE-EXEC idlelib.debugobj.ObjectTreeItem.SetText
# picklescan GHSA-7cq8-mj8x-j263 family. Unbound method with {} as self.
PROTO 4
SHORT_BINUNICODE "idlelib.debugobj"
SHORT_BINUNICODE "ObjectTreeItem.SetText"
STACK_GLOBAL
EMPTY_DICT
SHORT_BINUNICODE "__import__('os').system('id')"
TUPLE2
REDUCE
STOP
