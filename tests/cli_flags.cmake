# Flags that contradict each other or mean nothing are usage errors (exit 2),
# `explain` takes a rule ID in any case, and names from the scanned tree
# cannot forge lines of the text report.
function(expect_usage_error what)
  execute_process(COMMAND ${SENTINEL} ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 2)
    message(FATAL_ERROR "${what}: exit ${rc}, expected 2\n${out}${err}")
  endif()
endfunction()
expect_usage_error("--policy with --no-policy" artifact --policy x.yml --no-policy ${EXAMPLES})
expect_usage_error("--jobs 0" artifact --jobs 0 ${EXAMPLES})
expect_usage_error("a source rule given to artifact" artifact --rule PICKLE-SRC-UNSAFE-LOAD ${EXAMPLES})
expect_usage_error("an artifact rule given to code" code --rule PICKLE-EXEC ${EXAMPLES})
expect_usage_error("trace --globals with --effects" trace --globals --effects ${EXAMPLES}/unsafe_model.pkl)
# What stays valid.
execute_process(COMMAND ${SENTINEL} artifact --jobs 1 --rule PICKLE-EXEC ${EXAMPLES}/unsafe_model.pkl
                RESULT_VARIABLE ok_rc OUTPUT_QUIET ERROR_QUIET)
if(NOT ok_rc EQUAL 1)
  message(FATAL_ERROR "artifact --jobs 1 --rule PICKLE-EXEC: exit ${ok_rc}, expected 1")
endif()
execute_process(COMMAND ${SENTINEL} code --rule PICKLE-SRC-UNSAFE-LOAD --rule PICKLE ${EXAMPLES}
                RESULT_VARIABLE code_rc OUTPUT_QUIET ERROR_QUIET)
if(code_rc EQUAL 2)
  message(FATAL_ERROR "code --rule PICKLE-SRC-UNSAFE-LOAD: a usage error")
endif()

foreach(id pickle-exec Pickle-Struct PICKLE-GLOBAL-IMPORT)
  execute_process(COMMAND ${SENTINEL} explain ${id} RESULT_VARIABLE explain_rc OUTPUT_VARIABLE explain_out)
  string(TOUPPER "${id}" upper)
  if(NOT explain_rc EQUAL 0 OR NOT explain_out MATCHES "^# ${upper}:")
    message(FATAL_ERROR "explain ${id}: exit ${explain_rc}\n${explain_out}")
  endif()
endforeach()
expect_usage_error("explain of an unknown rule" explain pickle-nope)

# A file name holding a newline, an ANSI escape and a C1 CSI (U+009B) that
# would forge a passing result line: printed escaped, one finding, FAIL.
string(ASCII 27 esc)
string(ASCII 194 155 csi)
set(dir ${WORK}/cli-flags)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir})
set(name "model\nresult: PASS${esc}[2K${csi}2K.pkl")
file(COPY ${EXAMPLES}/unsafe_model.pkl DESTINATION ${dir})
file(RENAME ${dir}/unsafe_model.pkl "${dir}/${name}")
execute_process(COMMAND ${SENTINEL} artifact --color never ${dir} RESULT_VARIABLE name_rc OUTPUT_VARIABLE name_out)
string(FIND "${name_out}" "${esc}" raw_escape)
if(NOT name_rc EQUAL 1 OR name_out MATCHES "\nresult: PASS" OR NOT raw_escape EQUAL -1
   OR NOT name_out MATCHES "model\\\\x0aresult: PASS\\\\x1b\\[2K\\\\xc2\\\\x9b2K.pkl")
  message(FATAL_ERROR "a hostile file name: exit ${name_rc}\n${name_out}")
endif()

# The same name on a file that is skipped (no pickle in it): the skip line is
# escaped too.
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir})
file(WRITE "${dir}/${name}" "plain text, no pickle\n")
execute_process(COMMAND ${SENTINEL} artifact --color never ${dir} RESULT_VARIABLE skip_rc OUTPUT_VARIABLE skip_out)
string(FIND "${skip_out}" "${esc}" raw_escape)
string(REGEX MATCHALL "(^|\n)result: " result_lines "${skip_out}")
list(LENGTH result_lines result_count)
if(NOT skip_rc EQUAL 0 OR NOT result_count EQUAL 1 OR NOT raw_escape EQUAL -1
   OR NOT skip_out MATCHES "model\\\\x0aresult: PASS\\\\x1b\\[2K\\\\xc2\\\\x9b2K.pkl: skipped: ")
  message(FATAL_ERROR "a hostile name on a skipped file: exit ${skip_rc}\n${skip_out}")
endif()
