# guildhall_plugin_target_options(<target>)
#
# The compile options for any target whose code ends up inside a plugin (the plugin itself, and
# static libraries of its own that it links): hidden visibility, so that a plugin exports only
# the three symbols of GUILDHALL_PLUGIN and two plugins never bind to each other's internals;
# and, with GCC, -fno-gnu-unique, because a single STB_GNU_UNIQUE symbol (std::to_string
# creates one) makes glibc refuse to ever unload the library, so a rebuilt plugin could not be
# loaded again without restarting the server.
function(guildhall_plugin_target_options target)
  set_target_properties(${target} PROPERTIES
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    POSITION_INDEPENDENT_CODE ON)
  target_compile_options(${target} PRIVATE $<$<CXX_COMPILER_ID:GNU>:-fno-gnu-unique>)
endfunction()

# guildhall_add_plugin(<name> SOURCES <files...> [OUTPUT_DIRECTORY <dir>])
#
# Builds <name>.so, a Guildhall plugin: a MODULE library (loaded with dlopen, never linked),
# without the "lib" prefix because the host looks plugins up by their bare name, compiled with
# guildhall_plugin_target_options().
#
# The output goes to OUTPUT_DIRECTORY when given, else to GUILDHALL_PLUGIN_OUTPUT_DIR when the
# including project sets it (the Guildhall tree does), else to the current binary folder.
function(guildhall_add_plugin name)
  cmake_parse_arguments(PLUGIN "" "OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
  if(NOT PLUGIN_SOURCES)
    message(FATAL_ERROR "guildhall_add_plugin(${name}): SOURCES is required")
  endif()
  if(PLUGIN_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "guildhall_add_plugin(${name}): unexpected arguments ${PLUGIN_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT name MATCHES "^[a-z0-9][a-z0-9_-]*$")
    message(FATAL_ERROR "guildhall_add_plugin(${name}): use lower-case letters, digits, '_' and '-' only")
  endif()

  add_library(${name} MODULE ${PLUGIN_SOURCES})
  target_link_libraries(${name} PRIVATE Guildhall::sdk)
  set_target_properties(${name} PROPERTIES PREFIX "" SUFFIX ".so")
  guildhall_plugin_target_options(${name})

  if(PLUGIN_OUTPUT_DIRECTORY)
    set(output_dir ${PLUGIN_OUTPUT_DIRECTORY})
  elseif(GUILDHALL_PLUGIN_OUTPUT_DIR)
    set(output_dir ${GUILDHALL_PLUGIN_OUTPUT_DIR})
  endif()
  if(output_dir)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${output_dir})
  endif()
endfunction()
