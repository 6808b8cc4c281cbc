# cmake -P script run by ctest; see CMakeLists.txt for the variables it receives.
cmake_minimum_required(VERSION 3.25)

function(run description)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${description} failed (${result}):\n${out}\n${err}")
  endif()
  message(STATUS "${description}: ok")
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

function(configure_example build_dir prefix result_var)
  execute_process(
    COMMAND ${CMAKE_COMMAND} -S ${EXAMPLE_SOURCE_DIR} -B ${build_dir} -G ${GENERATOR}
      -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DCMAKE_BUILD_TYPE=Release
      -DCMAKE_PREFIX_PATH=${prefix}
      -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF
    RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(${result_var} ${result} PARENT_SCOPE)
  set(configure_output "${out}\n${err}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)

run("installing the SDK component into ${prefix}"
  ${CMAKE_COMMAND} --install ${GUILDHALL_BUILD_DIR} --component GuildhallSDK --prefix ${prefix})

# The example must find the package in the prefix, not in the source tree or elsewhere.
set(example_build ${WORK_DIR}/hello_build)
configure_example(${example_build} ${prefix} result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "configuring the example against the installed SDK failed:\n${configure_output}")
endif()
file(STRINGS ${example_build}/CMakeCache.txt sdk_dir_line REGEX "^GuildhallSDK_DIR:")
string(FIND "${sdk_dir_line}" "${prefix}/" where)
if(NOT where GREATER -1)
  message(FATAL_ERROR "the example found the SDK outside the test prefix: ${sdk_dir_line}")
endif()
cmake_path(GET EXAMPLE_SOURCE_DIR PARENT_PATH examples_dir)
cmake_path(GET examples_dir PARENT_PATH sdk_source_dir)
file(GLOB_RECURSE example_build_files ${example_build}/*.ninja ${example_build}/*.make)
foreach(build_file IN LISTS example_build_files)
  file(STRINGS ${build_file} leaks REGEX "${sdk_source_dir}/include")
  if(leaks)
    message(FATAL_ERROR "the example build uses the SDK's source tree: ${build_file}")
  endif()
endforeach()

run("building the example plugin" ${CMAKE_COMMAND} --build ${example_build})
run("running the example's own tests" ${CMAKE_COMMAND} -E chdir ${example_build}
  ${CMAKE_CTEST_COMMAND} --output-on-failure)
if(NOT EXISTS ${example_build}/hello.so)
  message(FATAL_ERROR "guildhall_add_plugin did not produce hello.so in ${example_build}")
endif()
# Hidden visibility: the only exported C symbols are the manifest and the factory pair.
find_program(NM_PROGRAM nm REQUIRED)
run("listing the plugin's dynamic symbols" ${NM_PROGRAM} -D --defined-only --format=posix
  ${example_build}/hello.so)
string(REPLACE "\n" ";" symbol_lines "${last_output}")
set(exported_c_symbols "")
foreach(line IN LISTS symbol_lines)
  if(line MATCHES "^([A-Za-z][A-Za-z0-9_]*) [A-Z]")
    list(APPEND exported_c_symbols ${CMAKE_MATCH_1})
  endif()
endforeach()
list(SORT exported_c_symbols)
if(NOT exported_c_symbols STREQUAL
   "guildhall_plugin_create;guildhall_plugin_destroy;guildhall_plugin_manifest")
  message(FATAL_ERROR "hello.so exports unexpected symbols: ${exported_c_symbols}")
endif()

run("loading hello.so through the host" ${PROBE} ${example_build}/hello.so)
message(STATUS "${last_output}")

# The test itself must be able to fail: a package missing a header must not build.
set(broken_prefix ${WORK_DIR}/broken_prefix)
file(COPY ${prefix}/ DESTINATION ${broken_prefix})
file(REMOVE ${broken_prefix}/include/guildhall/sdk/section_reader.hpp)
configure_example(${WORK_DIR}/broken_build ${broken_prefix} result)
if(result EQUAL 0)
  execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/broken_build
    RESULT_VARIABLE result OUTPUT_QUIET ERROR_QUIET)
endif()
if(result EQUAL 0)
  message(FATAL_ERROR "the example built against an SDK without section_reader.hpp")
endif()
message(STATUS "an incomplete SDK is rejected: ok")

file(REMOVE_RECURSE ${WORK_DIR})
