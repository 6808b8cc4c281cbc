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
  # The labels travel through a generated script as one property value: keep their separators.
  string(REPLACE ";" "\\;" escaped_labels "${T_LABELS}")
  gtest_discover_tests(${T_NAME}
    DISCOVERY_MODE PRE_TEST
    PROPERTIES LABELS "${escaped_labels}")
endfunction()
