#! expect PICKLE-GLOBAL-IMPORT probe_mod
# The variation: an empty name line; find_class imports, then getattr fails.
RAW "cprobe_mod\n\n"
STOP
