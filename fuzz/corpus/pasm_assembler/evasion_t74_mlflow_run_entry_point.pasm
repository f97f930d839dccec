#! technique 74 mlflow.projects.backend.local._run_entry_point runs a command
#! expect PICKLE-EXEC mlflow.projects.backend.local._run_entry_point
# modelscan #338.
PROTO 4
SHORT_BINUNICODE "mlflow.projects.backend.local"
SHORT_BINUNICODE "_run_entry_point"
STACK_GLOBAL
MARK
SHORT_BINUNICODE "id"
SHORT_BINUNICODE "/tmp"
SHORT_BINUNICODE "0"
SHORT_BINUNICODE "run"
TUPLE
REDUCE
STOP
