#! technique 27 ML-context dilution: many model globals around one os.system call
#! expect PICKLE-EXEC os.system
# ModelAudit PR #518 (b): with >= 15% "ML context" the dangerous-pattern check
# was skipped. Twelve torch/numpy/collections globals surround the payload.
PROTO 2
EMPTY_LIST
BINPUT 0
MARK
GLOBAL "collections" "OrderedDict"
GLOBAL "torch._utils" "_rebuild_tensor_v2"
GLOBAL "torch._utils" "_rebuild_parameter"
GLOBAL "torch" "FloatStorage"
GLOBAL "torch" "HalfStorage"
GLOBAL "torch" "LongStorage"
GLOBAL "torch" "Size"
GLOBAL "torch" "device"
GLOBAL "numpy.core.multiarray" "_reconstruct"
GLOBAL "numpy" "ndarray"
GLOBAL "numpy" "dtype"
GLOBAL "_codecs" "encode"
GLOBAL "os" "system"
BINUNICODE "id"
TUPLE1
REDUCE
APPENDS
STOP
