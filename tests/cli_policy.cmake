# End-to-end release gate (issue 4 "done means"): a team drops a policy next to
# its artifacts, accepts one finding with a reason and an expiry, and the gate
# fails again when the acceptance expires or the artifact changes. Also policy
# init/check, a malformed policy (exit 2 with line:column), SARIF suppressions
# and a baseline.
set(dir ${WORK}/cli-policy)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir}/models)
file(COPY ${EXAMPLES}/unsafe_model.pkl DESTINATION ${dir}/models)
file(SHA256 ${dir}/models/unsafe_model.pkl digest)

function(run expected_rc)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env SENTINEL_TODAY=${TODAY} ${SENTINEL} ${ARGN}
                  WORKING_DIRECTORY ${dir} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL expected_rc)
    message(FATAL_ERROR "sentinel ${ARGN} (today ${TODAY}): exit ${rc}, expected ${expected_rc}\n${out}\n${err}")
  endif()
  set(out "${out}${err}" PARENT_SCOPE)
endfunction()

set(TODAY 2026-11-22)
run(0 policy init)
run(2 policy init)
run(0 policy check sentinel-policy.yml)
run(1 artifact models)

file(WRITE ${dir}/sentinel-policy.yml "fail_on: [CRITICAL, HIGH]
allow:
  - rule: PICKLE-EXEC
    path: \"models/*.pkl\"
    sha256: ${digest}
    reason: \"demo artifact, isolated\"
    accepted_by: \"security@example.com\"
    expires: 2027-03-31
")
run(0 policy check sentinel-policy.yml)
run(0 artifact models)
if(NOT out MATCHES "accepted: demo artifact, isolated by security@example.com")
  message(FATAL_ERROR "the acceptance is not shown:\n${out}")
endif()
run(0 artifact --format sarif models)
if(NOT out MATCHES "\"suppressions\"" OR NOT out MATCHES "\"accepted\"")
  message(FATAL_ERROR "SARIF lacks the suppression:\n${out}")
endif()

set(TODAY 2027-03-31)
run(0 artifact models)
set(TODAY 2027-04-01)
run(1 artifact models)
if(NOT out MATCHES "EXPIRED")
  message(FATAL_ERROR "the expired acceptance is not said:\n${out}")
endif()
run(0 artifact --no-policy --rule PICKLE-GLOBAL-IMPORT models)

set(TODAY 2026-11-22)
file(APPEND ${dir}/models/unsafe_model.pkl "x")
run(1 artifact models)

file(WRITE ${dir}/sentinel-policy.yml "fail_on: [CRITICAL]\nfail_in: [HIGH]\n")
run(2 artifact models)
if(NOT out MATCHES "sentinel-policy.yml:2:1")
  message(FATAL_ERROR "the policy error lacks line:column:\n${out}")
endif()
run(2 policy check sentinel-policy.yml)

run(1 artifact --no-policy --format json --output baseline.json models)
run(0 artifact --no-policy --baseline baseline.json models)
if(NOT out MATCHES "baseline: [0-9]+ known finding")
  message(FATAL_ERROR "the baseline count is not said:\n${out}")
endif()
