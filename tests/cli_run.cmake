# Shared by the CLI test scripts: run(EXPECTED_RC WORKING_DIR ARGS...) runs
# the sentinel under test there, fails unless it exits EXPECTED_RC, and sets
# `out` to its stdout and stderr.
function(run expected_rc workdir)
  execute_process(COMMAND ${SENTINEL} ${ARGN} WORKING_DIRECTORY ${workdir} RESULT_VARIABLE rc OUTPUT_VARIABLE out
                  ERROR_VARIABLE err)
  if(NOT rc EQUAL expected_rc)
    message(FATAL_ERROR "sentinel ${ARGN} (in ${workdir}): exit ${rc}, expected ${expected_rc}\n${out}\n${err}")
  endif()
  set(out "${out}${err}" PARENT_SCOPE)
endfunction()
