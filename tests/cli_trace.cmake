# `sentinel trace` opens containers as the scan does: every pickle of a torch
# checkpoint, or only the member a report's location names, at any depth.
set(ckpt ${EXAMPLES}/unsafe_checkpoint.pt)
execute_process(COMMAND ${SENTINEL} trace ${ckpt} RESULT_VARIABLE all_rc OUTPUT_VARIABLE all_out ERROR_VARIABLE all_err)
if(NOT all_rc EQUAL 0 OR NOT all_out MATCHES "== [^\n]*unsafe_checkpoint.pt!archive/data.pkl\n"
   OR NOT all_out MATCHES "== [^\n]*unsafe_checkpoint.pt!archive/extra/config.json\n" OR NOT all_out MATCHES "import os.system")
  message(FATAL_ERROR "trace of a checkpoint: exit ${all_rc}\n${all_out}${all_err}")
endif()
execute_process(COMMAND ${SENTINEL} trace --globals "${ckpt}!archive/extra/config.json"
                RESULT_VARIABLE member_rc OUTPUT_VARIABLE member_out ERROR_VARIABLE member_err)
if(NOT member_rc EQUAL 0 OR NOT member_out MATCHES "\nos system\n" OR member_out MATCHES "data.pkl")
  message(FATAL_ERROR "trace of one member: exit ${member_rc}\n${member_out}${member_err}")
endif()
execute_process(COMMAND ${SENTINEL} trace "${ckpt}!archive/no-such-entry" RESULT_VARIABLE none_rc OUTPUT_VARIABLE none_out
                ERROR_VARIABLE none_err)
if(NOT none_rc EQUAL 1 OR NOT none_err MATCHES "no pickle stream at this member")
  message(FATAL_ERROR "trace of a missing member: exit ${none_rc}\n${none_out}${none_err}")
endif()
# Nested: the checkpoint inside a .tar.gz, named through both levels.
execute_process(COMMAND ${CMAKE_COMMAND} -E tar czf ${WORK}/trace-nested.tar.gz unsafe_checkpoint.pt
                WORKING_DIRECTORY ${EXAMPLES} RESULT_VARIABLE tar_rc)
if(NOT tar_rc EQUAL 0)
  message(FATAL_ERROR "cannot write the nested archive")
endif()
execute_process(COMMAND ${SENTINEL} trace "${WORK}/trace-nested.tar.gz!unsafe_checkpoint.pt!archive/extra/config.json"
                RESULT_VARIABLE nested_rc OUTPUT_VARIABLE nested_out ERROR_VARIABLE nested_err)
if(NOT nested_rc EQUAL 0 OR NOT nested_out MATCHES "== [^\n]*trace-nested.tar.gz!unsafe_checkpoint.pt!archive/extra/config.json\n"
   OR NOT nested_out MATCHES "import os.system" OR nested_out MATCHES "data.pkl")
  message(FATAL_ERROR "trace of a nested member: exit ${nested_rc}\n${nested_out}${nested_err}")
endif()
# A plain pickle prints as before: no location line.
execute_process(COMMAND ${SENTINEL} trace ${EXAMPLES}/unsafe_model.pkl RESULT_VARIABLE plain_rc OUTPUT_VARIABLE plain_out)
if(NOT plain_rc EQUAL 0 OR plain_out MATCHES "==" OR NOT plain_out MATCHES "^stream 0 ")
  message(FATAL_ERROR "trace of a plain pickle: exit ${plain_rc}\n${plain_out}")
endif()
