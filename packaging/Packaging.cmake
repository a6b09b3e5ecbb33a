# CPack: a .deb for Debian 12 and a plain .tgz.
set(CPACK_PACKAGE_NAME "sanctum")
set(CPACK_PACKAGE_VENDOR "Sanctum")
set(CPACK_PACKAGE_CONTACT "Sanctum maintainers <maintainers@sanctum.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_RESOURCE_FILE_README "${CMAKE_SOURCE_DIR}/README.md")
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_PACKAGE_SECTION "admin")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Libraries the binaries link are found by dpkg-shlibdeps. Two are loaded at
# run time, which no linker sees, so they are named here: Qt's SQLite driver
# (a plugin) and libsecret, which QtKeychain opens to reach the keyring.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, libsecret-1-0")

include(CPack)
