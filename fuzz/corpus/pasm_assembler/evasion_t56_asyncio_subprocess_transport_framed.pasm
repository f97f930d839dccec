#! technique 56 asyncio.unix_events._UnixSubprocessTransport._start, framed as pickle.dumps writes it
#! expect PICKLE-EXEC asyncio.unix_events._UnixSubprocessTransport._start
# picklescan GHSA-q77w-mwjj-7mqx / CVE-2025-71364 (see also t23): the same
# gadget with a FRAME and MEMOIZE after every push, as a real pickler emits.
PROTO 4
FRAME 81
SHORT_BINUNICODE "asyncio.unix_events"
MEMOIZE
SHORT_BINUNICODE "_UnixSubprocessTransport._start"
MEMOIZE
STACK_GLOBAL
MEMOIZE
MARK
EMPTY_DICT
MEMOIZE
SHORT_BINUNICODE "whoami"
MEMOIZE
NEWTRUE
NONE
NONE
NONE
BININT1 0
TUPLE
MEMOIZE
REDUCE
MEMOIZE
STOP
