# Builds the .deb and .tgz from an already built tree and checks that they
# hold both executables and that the .deb declares what they need at run
# time. Run as: cmake -DBUILD_DIR=<build> -P CheckPackages.cmake
if(NOT BUILD_DIR)
    message(FATAL_ERROR "BUILD_DIR is not set")
endif()
set(out "${BUILD_DIR}/package-check")
file(REMOVE_RECURSE "${out}")
execute_process(COMMAND cpack -G "DEB;TGZ" -B "${out}" WORKING_DIRECTORY "${BUILD_DIR}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE log ERROR_VARIABLE log)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cpack failed:\n${log}")
endif()

file(GLOB debs "${out}/*.deb")
file(GLOB tgzs "${out}/*.tar.gz")
list(LENGTH debs ndeb)
list(LENGTH tgzs ntgz)
if(NOT ndeb EQUAL 1 OR NOT ntgz EQUAL 1)
    message(FATAL_ERROR "expected one .deb and one .tar.gz in ${out}, found ${ndeb} and ${ntgz}")
endif()

execute_process(COMMAND dpkg-deb -f ${debs} Depends OUTPUT_VARIABLE depends RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cannot read the .deb's control fields")
endif()
# The Qt libraries and OpenSSL come from dpkg-shlibdeps; the SQLite driver is
# a plugin no linker sees and must be named explicitly.
foreach(dep libqt6sql6-sqlite libsecret-1-0 libqt6keychain1 libqt6core6 libqt6sql6 libqt6network6 libssl3)
    if(NOT depends MATCHES "(^|, )${dep}( |,|$)")
        message(FATAL_ERROR "the .deb does not depend on ${dep}: ${depends}")
    endif()
endforeach()

execute_process(COMMAND dpkg-deb -c ${debs} OUTPUT_VARIABLE debfiles)
execute_process(COMMAND tar tzf ${tgzs} OUTPUT_VARIABLE tgzfiles)
foreach(f bin/sanctum bin/sanctumctl share/icons/hicolor/scalable/apps/sanctum.svg)
    if(NOT debfiles MATCHES "/usr/${f}\n")
        message(FATAL_ERROR "the .deb lacks /usr/${f}")
    endif()
    if(NOT tgzfiles MATCHES "/${f}\n")
        message(FATAL_ERROR "the .tgz lacks ${f}")
    endif()
endforeach()
message(STATUS "packages OK: ${debs} (Depends: ${depends}); ${tgzs}")
