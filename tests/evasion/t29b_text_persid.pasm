#! technique 29 protocol 0 PERSID (text persistent id)
#! expect PICKLE-STRUCT
# fickling has no run() for PERSID (NotImplementedError); torch never writes it.
PERSID "../../etc/passwd"
STOP
