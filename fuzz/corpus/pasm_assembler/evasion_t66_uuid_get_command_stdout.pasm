#! technique 66 uuid._get_command_stdout runs a command
#! expect PICKLE-EXEC uuid._get_command_stdout
# picklescan GHSA-g38g-8gr9-h9xp / CVE-2026-56315.
PROTO 4
SHORT_BINUNICODE "uuid"
SHORT_BINUNICODE "_get_command_stdout"
STACK_GLOBAL
SHORT_BINUNICODE "sh"
SHORT_BINUNICODE "-c"
SHORT_BINUNICODE "id"
TUPLE3
REDUCE
STOP
