# Fails when the English translation is behind the sources: lupdate, run on a
# copy, finds a plural message (qsTr/tr with %n) that has no finished English
# forms — a new one, or one whose component or class moved.
# Usage: cmake -DLUPDATE=… -DSOURCE_DIR=… -DWORK_DIR=… -P CheckTranslations.cmake
set(ts ${SOURCE_DIR}/resources/translations/sanctum_en.ts)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
file(COPY ${ts} DESTINATION ${WORK_DIR})
execute_process(
    COMMAND ${LUPDATE} -no-obsolete -locations none -source-language en -target-language en
            -I ${SOURCE_DIR} -I ${SOURCE_DIR}/app ${SOURCE_DIR}/ui ${SOURCE_DIR}/qml -ts ${WORK_DIR}/sanctum_en.ts
    RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "lupdate failed: ${err}")
endif()
file(READ ${WORK_DIR}/sanctum_en.ts content)
string(REGEX MATCHALL "<message numerus=\"yes\">[^<]*<source>[^<]*</source>[^<]*<translation type=\"unfinished\""
       stale "${content}")
if(stale)
    set(list "")
    foreach(entry IN LISTS stale)
        string(REGEX REPLACE ".*<source>([^<]*)</source>.*" "\\1" source "${entry}")
        string(APPEND list "\n  ${source}")
    endforeach()
    message(FATAL_ERROR "resources/translations/sanctum_en.ts lacks the English plural forms of:${list}\n"
                        "Run lupdate (see README, Contributing) and give each its singular and plural.")
endif()
message(STATUS "every plural in the sources has its English forms")
