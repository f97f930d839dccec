#! technique 28 EXT1 extension-registry code instead of a GLOBAL
#! expect PICKLE-STRUCT EXT1
# ModelAudit PR #623: EXT1 0xF0 resolves copyreg._inverted_registry[0xF0]
# through find_class; no module or name string appears in the stream. The
# default registry is empty, so only a loader that registered the code is
# exposed, but a clean writer never emits it for model files.
PROTO 2
EXT1 0xF0
SHORT_BINUNICODE "id"
TUPLE1
REDUCE
STOP
