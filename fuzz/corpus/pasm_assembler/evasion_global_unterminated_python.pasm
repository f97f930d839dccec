#! expect PICKLE-GLOBAL-IMPORT probe_mod
# A GLOBAL at the end of the data without a final newline: readline() returns
# the rest, [:-1] drops a byte, find_class still imports the module.
PROTO 2
RAW "cprobe_mod\nProbeX"
