#! expect PICKLE-EXEC __class__
# _rebuild_from_type_v2 sets every key of its state with setattr.
PROTO 2
GLOBAL "torch._tensor" "_rebuild_from_type_v2"
MARK
GLOBAL "torch._utils" "_rebuild_meta_tensor_no_storage"
GLOBAL "torch" "FloatTensor"
MARK
GLOBAL "torch" "float32"
EMPTY_TUPLE
EMPTY_TUPLE
NEWFALSE
TUPLE
EMPTY_DICT
BINUNICODE "__class__"
GLOBAL "torch" "FloatTensor"
SETITEM
TUPLE
REDUCE
STOP
