#! technique 23 submodule of a blocked package: asyncio.unix_events
#! expect PICKLE-EXEC asyncio.unix_events._UnixSubprocessTransport._start
# CVE-2025-10157 / GHSA-f7qq-56ww-84cr: a denylist entry for asyncio did not
# cover asyncio.unix_events. The dotted name walks to the method; the call
# spawns "whoami" (args: self={}, args, shell, stdin, stdout, stderr, bufsize).
PROTO 4
SHORT_BINUNICODE "asyncio.unix_events"
SHORT_BINUNICODE "_UnixSubprocessTransport._start"
STACK_GLOBAL
MARK
EMPTY_DICT
SHORT_BINUNICODE "whoami"
NEWTRUE
NONE
NONE
NONE
BININT1 0
TUPLE
REDUCE
STOP
