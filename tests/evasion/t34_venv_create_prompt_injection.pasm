#! technique 34 venv.create with a shell-injecting prompt
#! expect PICKLE-EXEC venv.create
# picklescan commit 93764d6: create(env_dir, system_site_packages,
# clear, symlinks, with_pip, prompt) writes the prompt into the activate
# scripts; "$(echo pwned)" runs when the environment is activated.
PROTO 4
SHORT_BINUNICODE "venv"
SHORT_BINUNICODE "create"
STACK_GLOBAL
MARK
SHORT_BINUNICODE "venv"
NEWFALSE
NEWFALSE
NEWTRUE
NEWFALSE
SHORT_BINUNICODE "$(echo pwned)"
TUPLE
REDUCE
STOP
