# Fails when a program of the models loads QtQml or Qt Quick: sanctum_ui
# names its classes for QML with header-only macros and must link neither,
# so its tests stay QtCore-only. BINARIES ("|"-separated) are the model
# tests, as linked (the linker drops libraries they do not use), and a
# program of sanctum_ui alone linked with every library kept, which shows
# what sanctum_ui's link line carries.
# Usage: cmake -DLDD=… -DBINARIES=a|b|… -P CheckNoQtQml.cmake
string(REPLACE "|" ";" binaries "${BINARIES}")
list(LENGTH binaries count)
if(count EQUAL 0)
    message(FATAL_ERROR "no programs to check")
endif()
set(offenders "")
foreach(binary IN LISTS binaries)
    execute_process(COMMAND ${LDD} ${binary} RESULT_VARIABLE rc OUTPUT_VARIABLE libraries ERROR_VARIABLE err)
    # QtCore is in every one of them: without it, ldd did not read the program.
    if(NOT rc EQUAL 0 OR NOT libraries MATCHES "libQt6Core\\.so")
        message(FATAL_ERROR "ldd could not list the libraries of ${binary}: ${err}${libraries}")
    endif()
    string(REGEX MATCHALL "libQt6(Qml|Quick)[A-Za-z]*\\.so[.0-9]*" found "${libraries}")
    if(found)
        list(REMOVE_DUPLICATES found)
        list(JOIN found ", " found)
        string(APPEND offenders "\n  ${binary}: ${found}")
    endif()
endforeach()
if(offenders)
    message(FATAL_ERROR "QtQml or Qt Quick in programs of the models (sanctum_ui must link QtCore only):${offenders}")
endif()
message(STATUS "${count} programs of the models load no QtQml and no Qt Quick")
