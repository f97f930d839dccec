# End-to-end: the CLI exits 0 on the clean example and 1 on the unsafe one,
# and names the payload.
execute_process(COMMAND ${SENTINEL} artifact ${EXAMPLES}/clean_model.pkl RESULT_VARIABLE clean_rc OUTPUT_VARIABLE clean_out)
if(NOT clean_rc EQUAL 0)
  message(FATAL_ERROR "clean example: exit ${clean_rc}\n${clean_out}")
endif()
execute_process(COMMAND ${SENTINEL} artifact ${EXAMPLES}/unsafe_model.pkl RESULT_VARIABLE bad_rc OUTPUT_VARIABLE bad_out)
if(NOT bad_rc EQUAL 1 OR NOT bad_out MATCHES "PICKLE-EXEC CRITICAL" OR NOT bad_out MATCHES "os.system")
  message(FATAL_ERROR "unsafe example: exit ${bad_rc}\n${bad_out}")
endif()
execute_process(COMMAND ${SENTINEL} artifact --rule NOPE ${EXAMPLES} RESULT_VARIABLE usage_rc OUTPUT_QUIET ERROR_QUIET)
if(NOT usage_rc EQUAL 2)
  message(FATAL_ERROR "unknown rule: exit ${usage_rc}, expected 2")
endif()
