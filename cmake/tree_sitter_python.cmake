# The Python grammar for tree-sitter, from its home (the npm package
# tree-sitter-python), fetched at configure time and pinned by version and
# SHA-256; the runtime is Debian's libtree-sitter (ABI 13-14; this parser.c is
# ABI 14). Builds the static library `tree_sitter_python`.
set(TS_PYTHON_VERSION 0.21.0)
set(TS_PYTHON_SHA256 787841ada211201c4d7b4f4c3115f31bd7e7ed97cc76986b0ef108035ffa7ef2)
set(ts_dir ${CMAKE_BINARY_DIR}/_deps/tree-sitter-python-${TS_PYTHON_VERSION})
set(ts_tarball ${ts_dir}/tree-sitter-python-${TS_PYTHON_VERSION}.tgz)
if(NOT EXISTS ${ts_dir}/package/src/parser.c)
  file(MAKE_DIRECTORY ${ts_dir})
  if(NOT EXISTS ${ts_tarball})
    find_program(NPM npm REQUIRED)
    execute_process(COMMAND ${NPM} pack --silent tree-sitter-python@${TS_PYTHON_VERSION} --pack-destination ${ts_dir}
                    WORKING_DIRECTORY ${ts_dir} RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "npm pack tree-sitter-python@${TS_PYTHON_VERSION} failed: ${err}")
    endif()
  endif()
  file(SHA256 ${ts_tarball} got)
  if(NOT got STREQUAL TS_PYTHON_SHA256)
    file(REMOVE ${ts_tarball})
    message(FATAL_ERROR "tree-sitter-python-${TS_PYTHON_VERSION}.tgz has SHA-256 ${got}, expected ${TS_PYTHON_SHA256}")
  endif()
  file(ARCHIVE_EXTRACT INPUT ${ts_tarball} DESTINATION ${ts_dir} PATTERNS package/src)
endif()
add_library(tree_sitter_python STATIC ${ts_dir}/package/src/parser.c ${ts_dir}/package/src/scanner.c)
target_include_directories(tree_sitter_python PRIVATE ${ts_dir}/package/src)
# Generated code: its warnings are not ours to fix.
set_target_properties(tree_sitter_python PROPERTIES C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
target_compile_options(tree_sitter_python PRIVATE -w)
