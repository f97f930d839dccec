# sentinel_embed(OUT FILE...): compiles reviewed data files (allowlist,
# dangerous-callable catalogue) into the binary, so the scanner needs no data
# directory at run time and the data stays reviewable text.
function(sentinel_embed out)
  string(REPLACE ";" "|" inputs "${ARGN}")
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DINPUTS=${inputs} -P ${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake
    DEPENDS ${ARGN} ${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake
    COMMENT "Embedding reviewed data files"
    VERBATIM)
endfunction()
