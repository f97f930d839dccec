# Editing a policy: `allowlist --merge` rewrites it with the globals found
# (not with -o; nothing merged from untrustworthy artifacts), and an allow
# entry's path glob means the same files from another working directory.
set(dir ${WORK}/cli-policy-editing)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir}/models/legacy ${dir}/elsewhere)
file(WRITE ${dir}/head.pasm "PROTO 2\nGLOBAL \"mycompany.models\" \"ResNetHead\"\nSTOP\n")
execute_process(COMMAND ${SENTINEL} asm ${dir}/head.pasm -o ${dir}/models/head.pkl RESULT_VARIABLE asm_rc)
if(NOT asm_rc EQUAL 0)
  message(FATAL_ERROR "cannot assemble the sample")
endif()

include(${CMAKE_CURRENT_LIST_DIR}/cli_run.cmake)

# Merges the sample's globals into the policy; the command must say `said`.
function(merge said)
  run(0 ${dir} allowlist --from models --merge sentinel-policy.yml)
  if(NOT out MATCHES "${said}")
    message(FATAL_ERROR "merge: ${out}")
  endif()
endfunction()
# The policy must still be what the first merge wrote.
function(expect_merged_policy after)
  file(READ ${dir}/sentinel-policy.yml now)
  if(NOT now STREQUAL merged)
    message(FATAL_ERROR "${after} changed the policy:\n${now}")
  endif()
endfunction()

run(0 ${dir} policy init)
run(1 ${dir} artifact --policy sentinel-policy.yml models)
merge("merged 1 global")
file(READ ${dir}/sentinel-policy.yml merged)
if(NOT merged MATCHES "\"mycompany.models\": \\[\"ResNetHead\"\\]" OR NOT merged MATCHES "# Accepted findings")
  message(FATAL_ERROR "the merged policy:\n${merged}")
endif()
run(0 ${dir} policy check sentinel-policy.yml)
run(0 ${dir} artifact --policy sentinel-policy.yml models)
merge("already trusts every global")
expect_merged_policy("a second merge")
run(2 ${dir} allowlist --from models --merge sentinel-policy.yml -o snippet.yml)
file(COPY ${EXAMPLES}/unsafe_model.pkl DESTINATION ${dir}/evil)
run(1 ${dir} allowlist --from evil --merge sentinel-policy.yml)
expect_merged_policy("a refused merge")

# A path glob is resolved against the policy's folder: the same acceptance
# holds when the gate runs from models/ or from a folder beside it.
file(COPY ${EXAMPLES}/unsafe_model.pkl DESTINATION ${dir}/models/legacy)
file(WRITE ${dir}/glob-policy.yml "allow:
  - rule: PICKLE-EXEC
    path: \"models/legacy/*.pkl\"
    reason: \"demo payload, never loaded\"
    accepted_by: \"security@example.com\"
")
run(0 ${dir} artifact --policy glob-policy.yml --rule PICKLE-EXEC models/legacy)
run(0 ${dir}/models artifact --policy ../glob-policy.yml --rule PICKLE-EXEC legacy)
run(0 ${dir}/elsewhere artifact --policy ../glob-policy.yml --rule PICKLE-EXEC ../models/legacy/unsafe_model.pkl)
# Not under the glob: still fails.
run(1 ${dir}/models artifact --policy ../glob-policy.yml --rule PICKLE-EXEC ../evil)
