# cmake -DOWN=<json> -DLIBRARY=<json> -DINCLUDE_PREFIX=<dir/> -DOUTPUT=<json> -P MergeMetatypes.cmake
#
# The Sanctum module's metatypes as its type registrar reads them: the
# module's own (OWN), then those of the library whose classes it registers
# (LIBRARY). moc names a header by its file name alone; INCLUDE_PREFIX puts
# back the folder the sources include it through ("ui/uicontroller.h"), so
# the generated registrations include it the same way.
foreach(var OWN LIBRARY OUTPUT)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "MergeMetatypes.cmake needs -D${var}=...")
    endif()
endforeach()

file(READ ${OWN} merged)
file(READ ${LIBRARY} library)
string(JSON count LENGTH "${merged}")
string(JSON library_count LENGTH "${library}")
if(library_count GREATER 0)
    math(EXPR last "${library_count} - 1")
    foreach(i RANGE ${last})
        string(JSON entry GET "${library}" ${i})
        string(JSON header GET "${entry}" inputFile)
        string(JSON entry SET "${entry}" inputFile "\"${INCLUDE_PREFIX}${header}\"")
        string(JSON merged SET "${merged}" ${count} "${entry}")
        math(EXPR count "${count} + 1")
    endforeach()
endif()

# Unchanged, the file keeps its time stamp, and nothing after it runs again.
if(EXISTS ${OUTPUT})
    file(READ ${OUTPUT} previous)
    if(previous STREQUAL merged)
        return()
    endif()
endif()
file(WRITE ${OUTPUT} "${merged}")
