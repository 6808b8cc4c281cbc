# guildhall_add_gtest(NAME <target> SOURCES <files...> LIBS <targets...> LABELS <labels...>)
# Builds one GoogleTest binary and registers each of its tests with ctest under the labels.
include(GoogleTest)
function(guildhall_add_gtest)
  cmake_parse_arguments(T "" "NAME" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main GTest::gmock
                                          guildhall_warnings)
  target_compile_definitions(${T_NAME} PRIVATE
    GUILDHALL_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    GUILDHALL_BINARY_DIR="${PROJECT_BINARY_DIR}"
    GUILDHALL_PLUGIN_DIR="${GUILDHALL_PLUGIN_OUTPUT_DIR}")
  gtest_discover_tests(${T_NAME}
    DISCOVERY_MODE PRE_TEST
    TEST_LIST ${T_NAME}_TESTS)
  # gtest_discover_tests flattens a list given in PROPERTIES, so the labels are set after
  # discovery, by a script ctest includes.
  set(labels_script ${CMAKE_CURRENT_BINARY_DIR}/${T_NAME}_labels.cmake)
  file(WRITE ${labels_script}
    "set_tests_properties(\${${T_NAME}_TESTS} PROPERTIES LABELS \"${T_LABELS}\")\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${labels_script})
endfunction()
