#! expect PICKLE-GLOBAL-IMPORT probe_mod
# pickle.py reads INST names and imports them before it looks for the MARK.
INST "probe_mod" "Probe"
STOP
