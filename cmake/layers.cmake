# The engine's layers. Each is one OBJECT library, grader_<name>, built from
# the .cc files of one folder; a layer links, and its files may include,
# only the layers it names (and what those name, transitively). The
# `layering` target (cmake/check_layering.cmake) fails the build when a file
# includes a header of a layer it may not use, so the picture in README.md
# ("Layout") stays true:
#
#   base <- reference <- extract <- check <- rubric <- reports <- batch <- review <- cli
#                        extract <- llm <- batch
#
# OBJECT libraries, not static archives: kinds that register themselves
# through static initialisers (solvers, check kinds, report formats, input
# forms, commands) are then always linked in. Their objects are not passed
# on to whoever links them, so an executable links every layer it uses:
# ${GRADER_LAYER_TARGETS} lists them all.

set_property(GLOBAL PROPERTY GRADER_LAYER_NAMES "")

# grader_layer(NAME DIR [DEPS layer...] [LIBS target...] [SOURCES file...])
function(grader_layer name dir)
  cmake_parse_arguments(L "" "" "DEPS;LIBS;SOURCES" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/${dir}/*.cc)
  add_library(grader_${name} OBJECT ${sources} ${L_SOURCES})
  target_include_directories(grader_${name} PUBLIC ${PROJECT_SOURCE_DIR})
  set(allowed ${name})
  foreach(dep ${L_DEPS})
    if(NOT TARGET grader_${dep})
      message(FATAL_ERROR "layer '${name}' names '${dep}', which is not defined before it")
    endif()
    target_link_libraries(grader_${name} PUBLIC grader_${dep})
    get_property(dep_allowed GLOBAL PROPERTY GRADER_LAYER_${dep}_ALLOWED)
    list(APPEND allowed ${dep_allowed})
  endforeach()
  list(REMOVE_DUPLICATES allowed)
  if(L_LIBS)
    target_link_libraries(grader_${name} PUBLIC ${L_LIBS})
  endif()
  set_property(GLOBAL APPEND PROPERTY GRADER_LAYER_NAMES ${name})
  set_property(GLOBAL PROPERTY GRADER_LAYER_${name}_DIR ${dir})
  set_property(GLOBAL PROPERTY GRADER_LAYER_${name}_ALLOWED "${allowed}")
endfunction()

# Writes the layer table for check_layering.cmake and adds the `layering`
# target, which reruns the check whenever a source or header changes.
# `extra` names folders that may include every layer (the CLI).
function(grader_layer_check)
  cmake_parse_arguments(C "" "" "TOP" ${ARGN})
  get_property(names GLOBAL PROPERTY GRADER_LAYER_NAMES)
  set(table "")
  set(all_files "")
  foreach(name ${names} ${C_TOP})
    if(name IN_LIST C_TOP)
      string(REPLACE "=" ";" pair ${name})
      list(GET pair 0 name)
      list(GET pair 1 dir)
      set(allowed ${names} ${name})
    else()
      get_property(dir GLOBAL PROPERTY GRADER_LAYER_${name}_DIR)
      get_property(allowed GLOBAL PROPERTY GRADER_LAYER_${name}_ALLOWED)
    endif()
    string(REPLACE ";" "," allowed "${allowed}")
    string(APPEND table "${name}|${dir}|${allowed}\n")
    file(GLOB files CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/${dir}/*.cc ${PROJECT_SOURCE_DIR}/${dir}/*.h)
    list(APPEND all_files ${files})
  endforeach()
  set(table_file ${PROJECT_BINARY_DIR}/layers.txt)
  file(WRITE ${table_file} "${table}")
  set(stamp ${PROJECT_BINARY_DIR}/layering.stamp)
  add_custom_command(
    OUTPUT ${stamp}
    COMMAND ${CMAKE_COMMAND} -DROOT=${PROJECT_SOURCE_DIR} -DTABLE=${table_file} -DSTAMP=${stamp}
            -P ${PROJECT_SOURCE_DIR}/cmake/check_layering.cmake
    DEPENDS ${all_files} ${table_file} ${PROJECT_SOURCE_DIR}/cmake/check_layering.cmake
    COMMENT "Checking that no include reaches up a layer")
  add_custom_target(layering ALL DEPENDS ${stamp})
endfunction()
