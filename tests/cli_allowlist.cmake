# End-to-end: `sentinel allowlist --from` exits 0 with a snippet `policy check`
# accepts, 1 (and names the callable on stderr) when a dangerous global is
# found, 2 when a path cannot be scanned.
set(snippet ${WORK}/allowlist-snippet.yml)
execute_process(COMMAND ${SENTINEL} allowlist --from ${FIXTURES}/torch_state_dict.pt ${FIXTURES}/joblib_sklearn_lz4.joblib
                        -o ${snippet} RESULT_VARIABLE clean_rc ERROR_VARIABLE clean_err)
file(READ ${snippet} clean_out)
if(NOT clean_rc EQUAL 0 OR NOT clean_out MATCHES "2 file\\(s\\) scanned" OR NOT clean_out MATCHES "trusted_globals: {}")
  message(FATAL_ERROR "clean artifacts: exit ${clean_rc}\n${clean_out}${clean_err}")
endif()
execute_process(COMMAND ${SENTINEL} policy check ${snippet} RESULT_VARIABLE check_rc OUTPUT_VARIABLE check_out)
if(NOT check_rc EQUAL 0)
  message(FATAL_ERROR "policy check of the snippet: exit ${check_rc}\n${check_out}")
endif()
execute_process(COMMAND ${SENTINEL} allowlist --from ${FIXTURES}/joblib_payload_zlib.joblib
                RESULT_VARIABLE bad_rc OUTPUT_VARIABLE bad_out ERROR_VARIABLE bad_err)
if(NOT bad_rc EQUAL 1 OR NOT bad_err MATCHES "posix.system is not listed" OR bad_out MATCHES "posix")
  message(FATAL_ERROR "payload: exit ${bad_rc}\n${bad_out}${bad_err}")
endif()
execute_process(COMMAND ${SENTINEL} allowlist --from ${WORK}/no-such-folder RESULT_VARIABLE missing_rc OUTPUT_QUIET ERROR_QUIET)
if(NOT missing_rc EQUAL 2)
  message(FATAL_ERROR "missing path: exit ${missing_rc}, expected 2")
endif()
