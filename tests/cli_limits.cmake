# --limit findings_per_rule / findings_per_file on the command line: a pickle
# importing 10 unknown modules then calling os.system lists 3 imports and says
# 7 more were cut, in JSON and text; the PICKLE-EXEC is kept even when only one
# finding may be listed, and the exit status is the uncapped verdict.
set(dir ${WORK}/cli-limits)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir})
set(pickle "")
foreach(i RANGE 1 10)
  string(APPEND pickle "cunknown_module_${i}\nThing\n0")  # GLOBAL, POP
endforeach()
string(APPEND pickle "cos\nsystem\n(S'true'\ntR.")      # os.system('true')
file(WRITE ${dir}/many.pkl "${pickle}")

function(scan expected_rc)
  execute_process(COMMAND ${SENTINEL} artifact --no-policy ${ARGN} many.pkl WORKING_DIRECTORY ${dir}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL expected_rc)
    message(FATAL_ERROR "sentinel artifact ${ARGN}: exit ${rc}, expected ${expected_rc}\n${out}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

# How many listed findings of `rule` the JSON report in `json` has.
function(count_rule json rule result)
  string(JSON n LENGTH "${json}" files 0 findings)
  set(found 0)
  if(n GREATER 0)
    math(EXPR last "${n} - 1")
    foreach(i RANGE ${last})
      string(JSON id GET "${json}" files 0 findings ${i} rule_id)
      if(id STREQUAL rule)
        math(EXPR found "${found} + 1")
      endif()
    endforeach()
  endif()
  set(${result} ${found} PARENT_SCOPE)
endfunction()

scan(1 --format json)
count_rule("${out}" PICKLE-GLOBAL-IMPORT all)
if(NOT all EQUAL 10)
  message(FATAL_ERROR "without a limit, 10 imports are listed, not ${all}:\n${out}")
endif()

scan(1 --format json --limit findings_per_rule=3)
count_rule("${out}" PICKLE-GLOBAL-IMPORT listed)
string(JSON cut GET "${out}" files 0 omitted PICKLE-GLOBAL-IMPORT)
string(JSON omitted GET "${out}" summary omitted)
if(NOT listed EQUAL 3 OR NOT cut EQUAL 7 OR NOT omitted EQUAL 7)
  message(FATAL_ERROR "findings_per_rule=3: ${listed} listed, ${cut} cut, ${omitted} omitted:\n${out}")
endif()

scan(1 --limit findings_per_rule=3)
if(NOT out MATCHES "many.pkl: 7 more PICKLE-GLOBAL-IMPORT finding\\(s\\) not listed")
  message(FATAL_ERROR "the text report does not say what was cut:\n${out}")
endif()

scan(1 --format json --limit findings_per_file=1)
count_rule("${out}" PICKLE-EXEC exec)
string(JSON cut GET "${out}" files 0 omitted PICKLE-GLOBAL-IMPORT)
string(JSON failing GET "${out}" summary failing)
if(NOT exec EQUAL 1 OR NOT cut EQUAL 10 OR NOT failing EQUAL 11)
  message(FATAL_ERROR "findings_per_file=1 keeps PICKLE-EXEC (${exec}), cuts 10 (${cut}), fails on 11 (${failing}):\n${out}")
endif()
