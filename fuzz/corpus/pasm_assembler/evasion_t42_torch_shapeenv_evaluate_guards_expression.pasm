#! technique 42 ShapeEnv.evaluate_guards_expression evaluates a string
#! expect PICKLE-EXEC torch.fx.experimental.symbolic_shapes.ShapeEnv.evaluate_guards_expression
# picklescan GHSA-f4x7-rfwp-v3xw.
PROTO 4
SHORT_BINUNICODE "torch.fx.experimental.symbolic_shapes"
SHORT_BINUNICODE "ShapeEnv.evaluate_guards_expression"
STACK_GLOBAL
EMPTY_DICT
SHORT_BINUNICODE "__import__('os').system('id')"
EMPTY_LIST
TUPLE3
REDUCE
STOP
