# Fails when a layer can include a header of a layer it does not use, or
# when a source climbs out of its folder with "../" to get around that.
set(failures 0)
string(REPLACE "|" ";" PROBES "${PROBES}")
string(REPLACE "|" ";" CONTROLS "${CONTROLS}")

file(GLOB_RECURSE sources ${SOURCE_DIR}/app/*.h ${SOURCE_DIR}/app/*.cpp
    ${SOURCE_DIR}/ui/*.h ${SOURCE_DIR}/ui/*.cpp ${SOURCE_DIR}/qml/*.h ${SOURCE_DIR}/qml/*.cpp)
foreach(source IN LISTS sources)
    file(STRINGS ${source} climbing REGEX "^[ \t]*#[ \t]*include[ \t]*\"[^\"]*\\.\\./")
    if(climbing)
        message(SEND_ERROR "${source}: includes through \"../\": ${climbing}")
        math(EXPR failures "${failures} + 1")
    endif()
endforeach()

foreach(control IN LISTS CONTROLS)
    execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target ${control}
        RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT result EQUAL 0)
        message(SEND_ERROR "${control} should compile and does not:\n${out}")
        math(EXPR failures "${failures} + 1")
    endif()
endforeach()

foreach(entry IN LISTS PROBES)
    string(REPLACE ":" ";" parts ${entry})
    list(GET parts 0 probe)
    list(GET parts 1 header)
    execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target ${probe}
        RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(result EQUAL 0)
        message(SEND_ERROR "${probe}: a back edge compiled — the layer can see ${header}")
        math(EXPR failures "${failures} + 1")
    elseif(NOT out MATCHES "${header}: No such file or directory")
        message(SEND_ERROR "${probe} failed, but not for want of ${header}:\n${out}")
        math(EXPR failures "${failures} + 1")
    else()
        message(STATUS "refused as it should be: ${probe}")
    endif()
endforeach()

if(failures GREATER 0)
    message(FATAL_ERROR "${failures} layering check(s) failed")
endif()
list(LENGTH PROBES probeCount)
message(STATUS "every layer sees only the layers below it (${probeCount} back edges refused)")
