#! technique 66 imaplib.IMAP4_stream runs its command as the transport
#! expect PICKLE-EXEC imaplib.IMAP4_stream
# picklescan GHSA-g38g-8gr9-h9xp.
PROTO 4
SHORT_BINUNICODE "imaplib"
SHORT_BINUNICODE "IMAP4_stream"
STACK_GLOBAL
SHORT_BINUNICODE "id"
TUPLE1
REDUCE
STOP
