# Issue 15, the gate cannot be talked out of its verdict: where the policy
# comes from (never a scanned folder) and that reports name it; Git LFS
# pointers, linked folder arguments and skips; a Hugging Face hub cache
# scanned from any folder in it. Every sample is written here as protocol-0
# pickle text and is never loaded.
set(dir ${WORK}/cli-gate)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir}/ci)
set(unsafe "cos\nsystem\n(S'echo sentinel-gate-test'\ntR.")
set(clean "(lp0\nI1\na.")

include(${CMAKE_CURRENT_LIST_DIR}/cli_run.cmake)

function(expect_match text pattern what)
  if(NOT text MATCHES "${pattern}")
    message(FATAL_ERROR "${what}: no match for '${pattern}' in:\n${text}")
  endif()
endfunction()

function(expect_no_match text pattern what)
  if(text MATCHES "${pattern}")
    message(FATAL_ERROR "${what}: unexpected '${pattern}' in:\n${text}")
  endif()
endfunction()

# expect_file(JSON INDEX STATUS FIELD VALUE): the JSON report's files[INDEX]
# has that status and that value in FIELD.
function(expect_file json index status field value)
  string(JSON got_status GET "${json}" files ${index} status)
  string(JSON got GET "${json}" files ${index} ${field})
  if(NOT got_status STREQUAL status OR NOT got STREQUAL value)
    message(FATAL_ERROR "files[${index}]: ${got_status}, ${field} ${got}; expected ${status}, ${value}\n${json}")
  endif()
endfunction()

# --- A downloaded model ships a policy that disables the rule its payload trips.
file(WRITE ${dir}/downloaded/model.pkl "${unsafe}")
file(WRITE ${dir}/downloaded/sentinel-policy.yml "rules:\n  PICKLE-EXEC:\n    enabled: false\n")
run(1 ${dir}/ci artifact ${dir}/downloaded)
expect_match("${out}" "PICKLE-EXEC CRITICAL" "a scanned folder's policy disabled the rule")
expect_match("${out}" "policy: defaults" "the report does not say the defaults applied")
run(1 ${dir}/ci artifact ${dir}/downloaded/model.pkl)
# ... or a malformed one, which once made every run exit 2.
file(WRITE ${dir}/downloaded/sentinel-policy.yml "fail_on: [NOPE]\n")
run(1 ${dir}/ci artifact ${dir}/downloaded)

# The working directory's policy (the repository running the gate) applies,
# also from a folder below it, and every report names it with its sha256.
file(WRITE ${dir}/ci/sentinel-policy.yml "fail_on: [CRITICAL]\nrules:\n  PICKLE-EXEC:\n    owner: \"Gate test team\"\n")
file(SHA256 ${dir}/ci/sentinel-policy.yml policy_digest)
file(MAKE_DIRECTORY ${dir}/ci/sub)
run(1 ${dir}/ci/sub artifact ${dir}/downloaded)
expect_match("${out}" "owner: +Gate test team" "the working directory's policy was not applied")
expect_match("${out}" "policy: [^\n]*ci/sentinel-policy.yml \\(sha256 ${policy_digest}\\)" "text names the policy")
run(1 ${dir}/ci artifact --format json ${dir}/downloaded)
string(JSON json_digest GET "${out}" policy sha256)
string(JSON json_path GET "${out}" policy path)
if(NOT json_digest STREQUAL policy_digest OR NOT json_path MATCHES "ci/sentinel-policy.yml$")
  message(FATAL_ERROR "JSON policy: ${json_path} ${json_digest}, expected ${policy_digest}")
endif()
run(1 ${dir}/ci artifact --format sarif ${dir}/downloaded)
string(JSON sarif_digest GET "${out}" runs 0 properties policy sha256)
if(NOT sarif_digest STREQUAL policy_digest)
  message(FATAL_ERROR "SARIF policy sha256 ${sarif_digest}, expected ${policy_digest}")
endif()
run(1 ${dir}/ci artifact --no-policy --format json ${dir}/downloaded)
string(JSON no_policy TYPE "${out}" policy path)
if(NOT no_policy STREQUAL "NULL")
  message(FATAL_ERROR "--no-policy: the JSON policy path is ${no_policy}, expected null")
endif()
# --policy FILE names the file as given.
run(1 ${dir} artifact --policy ci/sentinel-policy.yml ${dir}/downloaded)
expect_match("${out}" "policy: ci/sentinel-policy.yml \\(sha256 ${policy_digest}\\)" "--policy is named")
file(REMOVE ${dir}/ci/sentinel-policy.yml)

# --- Git LFS pointers are not models: not scanned, so the gate cannot pass.
file(WRITE ${dir}/lfs/pytorch_model.bin "version https://git-lfs.github.com/spec/v1
oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393
size 1234567
")
file(WRITE ${dir}/lfs/clean.pkl "${clean}")
run(2 ${dir}/ci artifact ${dir}/lfs)
expect_match("${out}" "pytorch_model.bin: error: Git LFS pointer" "the pointer is not reported")
expect_match("${out}" "git lfs pull" "the message does not say how to fetch the content")
expect_match("${out}" "result: INCOMPLETE" "an LFS pointer passed")
run(2 ${dir}/ci artifact --format json ${dir}/lfs)
expect_file("${out}" 1 error format git-lfs-pointer)

# --- A linked folder named on the command line is followed.
file(WRITE ${dir}/real/model.pkl "${unsafe}")
file(CREATE_LINK ${dir}/real ${dir}/linked SYMBOLIC)
run(1 ${dir}/ci artifact ${dir}/linked)
expect_match("${out}" "location: ${dir}/linked/model.pkl" "the linked folder was not scanned")

# --- Every skip has its reason, in every format; --fail-on-skip fails them.
file(WRITE ${dir}/skips/notes.txt "release notes, not a model\n")
file(WRITE ${dir}/skips/clean.pkl "${clean}")
run(0 ${dir}/ci artifact ${dir}/skips)
expect_match("${out}" "notes.txt: skipped: not a pickle stream" "text: the skip has no reason")
run(0 ${dir}/ci artifact --format json ${dir}/skips)
expect_file("${out}" 1 skipped error "not a pickle stream")
run(0 ${dir}/ci artifact --format sarif ${dir}/skips)
string(JSON note GET "${out}" runs 0 invocations 0 toolExecutionNotifications 0 message text)
expect_match("${note}" "notes.txt: skipped: not a pickle stream" "SARIF: the skip has no notification")
run(2 ${dir}/ci artifact --fail-on-skip ${dir}/skips)
expect_match("${out}" "notes.txt: error: skipped \\(not a pickle stream\\)" "--fail-on-skip")
run(0 ${dir}/ci artifact --fail-on-skip ${dir}/skips/clean.pkl)

# --- A Hugging Face hub cache, as huggingface_hub.snapshot_download leaves it:
# two revisions sharing the unsafe blob, refs naming them, bookkeeping files.
set(hub ${dir}/hub)
set(repo ${hub}/models--acme--tiny)
set(rev1 1111111111111111111111111111111111111111)
set(rev2 2222222222222222222222222222222222222222)
file(WRITE ${repo}/blobs/aaaa "${unsafe}")
file(WRITE ${repo}/blobs/bbbb "${clean}")
file(WRITE ${repo}/blobs/cccc.incomplete "cos\nsys")
file(WRITE ${repo}/refs/main "${rev1}")
file(WRITE ${repo}/refs/pr/1 "${rev2}")
file(WRITE ${repo}/.no_exist/${rev1}/tokenizer.json "")
file(WRITE ${hub}/.locks/models--acme--tiny/aaaa.lock "")
file(MAKE_DIRECTORY ${repo}/snapshots/${rev1}/sub ${repo}/snapshots/${rev2})
file(CREATE_LINK ../../blobs/aaaa ${repo}/snapshots/${rev1}/pytorch_model.bin SYMBOLIC)
file(CREATE_LINK ../../../blobs/bbbb ${repo}/snapshots/${rev1}/sub/extra.pkl SYMBOLIC)
file(CREATE_LINK ../../blobs/aaaa ${repo}/snapshots/${rev2}/pytorch_model.bin SYMBOLIC)
file(WRITE ${dir}/elsewhere/secret.pkl "${clean}")
file(CREATE_LINK ../../../../elsewhere/secret.pkl ${repo}/snapshots/${rev2}/escape.pkl SYMBOLIC)
file(WRITE ${hub}/models--acme--clean/blobs/dddd "${clean}")
file(WRITE ${hub}/models--acme--clean/refs/main "${rev1}")
file(MAKE_DIRECTORY ${hub}/models--acme--clean/snapshots/${rev1})
file(CREATE_LINK ../../blobs/dddd ${hub}/models--acme--clean/snapshots/${rev1}/model.pkl SYMBOLIC)

# The snapshot folder snapshot_download returns: its links lead into the
# repository's blobs, which are followed (exit 1 for the payload, not 2).
run(1 ${dir}/ci artifact ${repo}/snapshots/${rev1})
expect_match("${out}" "location: ${repo}/snapshots/${rev1}/pytorch_model.bin" "the snapshot's link was not followed")
expect_match("${out}" "origin: hf:acme/tiny@${rev1}" "the finding does not name its revision")
expect_match("${out}" "revision hf:acme/tiny@${rev1} \\(main\\): fail" "no verdict for the main revision")
expect_no_match("${out}" "outside the scanned folder" "a snapshot link was refused")
# The clean repository's snapshot passes; as relative path and as a file argument too.
run(0 ${hub}/models--acme--clean/snapshots/${rev1} artifact .)
expect_match("${out}" "revision hf:acme/clean@${rev1} \\(main\\): pass" "no verdict for the clean revision")
run(1 ${dir}/ci artifact ${repo}/snapshots/${rev2}/pytorch_model.bin)
expect_match("${out}" "origin: hf:acme/tiny@${rev2}" "a snapshot file argument lost its revision")

# The repository folder and the hub root: each finding once per revision (the
# blob is not reported again from blobs/), a verdict per revision, refs named,
# bookkeeping silent, the escaping link still refused.
foreach(root ${repo} ${hub})
  run(1 ${dir}/ci artifact ${root})
  string(REGEX MATCHALL "PICKLE-EXEC CRITICAL" exec_findings "${out}")
  list(LENGTH exec_findings n)
  if(NOT n EQUAL 2)
    message(FATAL_ERROR "${root}: ${n} PICKLE-EXEC findings, expected 2 (one per revision)\n${out}")
  endif()
  expect_no_match("${out}" "blobs/aaaa" "${root}: the linked blob was reported on its own")
  expect_no_match("${out}" "\\.lock|\\.no_exist|refs/" "${root}: cache bookkeeping in the report")
  expect_match("${out}" "cccc.incomplete: skipped: an interrupted hub download" "${root}: the incomplete blob")
  expect_match("${out}" "escape.pkl: error: symbolic link to [^\n]*outside the scanned folder" "${root}: the escape")
  expect_match("${out}" "revision hf:acme/tiny@${rev1} \\(main\\): fail, 2 file\\(s\\), 1 failing" "${root}: main")
  expect_match("${out}" "revision hf:acme/tiny@${rev2} \\(pr/1\\): fail, 2 file\\(s\\), 1 failing finding\\(s\\), 1 error"
               "${root}: pr/1")
endforeach()
run(1 ${dir}/ci artifact --format json ${hub})
string(JSON revisions LENGTH "${out}" revisions)
string(JSON clean_verdict GET "${out}" revisions 0 verdict)
string(JSON clean_origin GET "${out}" revisions 0 origin)
string(JSON pr_ref GET "${out}" revisions 2 refs 0)
if(NOT revisions EQUAL 3 OR NOT clean_verdict STREQUAL "pass" OR NOT clean_origin STREQUAL "hf:acme/clean@${rev1}"
   OR NOT pr_ref STREQUAL "pr/1")
  message(FATAL_ERROR "JSON revisions:\n${out}")
endif()
