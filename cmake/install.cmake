# What `cmake --install` puts under the prefix (docs/installing.md): the programs, the worker
# folio-extract in libexec, libfolio.so with its headers, CMake package and pkg-config file,
# the man pages, the service's unit and settings, and the manual.
include(CMakePackageConfigHelpers)

install(TARGETS folio-index folio-search RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS folio-extract RUNTIME DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/folio)
install(TARGETS folio_shared EXPORT folioTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} NAMELINK_COMPONENT Unspecified)
install(DIRECTORY shared/include/folio DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

# find_package(folio CONFIG) -> folio::folio
set(folio_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/folio)
install(EXPORT folioTargets NAMESPACE folio:: DESTINATION ${folio_cmake_dir})
configure_package_config_file(cmake/folioConfig.cmake.in
  ${PROJECT_BINARY_DIR}/folioConfig.cmake INSTALL_DESTINATION ${folio_cmake_dir})
# Before 1.0 a minor version may change the API: 0.1.x programs need 0.1.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/folioConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/folioConfig.cmake ${PROJECT_BINARY_DIR}/folioConfigVersion.cmake
  DESTINATION ${folio_cmake_dir})

# pkg-config --cflags --libs folio; relative to its own folder, so a moved tree still works.
file(RELATIVE_PATH FOLIO_PC_PREFIX_FROM_PCDIR ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig
     ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" FOLIO_PC_PREFIX_FROM_PCDIR "${FOLIO_PC_PREFIX_FROM_PCDIR}")
configure_file(cmake/folio.pc.in ${PROJECT_BINARY_DIR}/folio.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/folio.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# Man pages, compressed as Debian ships them (gzip -n: no name or time, so the same bytes).
find_program(GZIP_EXECUTABLE gzip REQUIRED)
set(folio_man_pages folio-index.1 folio-search.1)
set(folio_man_gz)
foreach(page ${folio_man_pages})
  add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/man/${page}.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
    COMMAND ${GZIP_EXECUTABLE} -9n -c ${PROJECT_SOURCE_DIR}/docs/man/${page}
            > ${PROJECT_BINARY_DIR}/man/${page}.gz
    DEPENDS ${PROJECT_SOURCE_DIR}/docs/man/${page} VERBATIM)
  list(APPEND folio_man_gz ${PROJECT_BINARY_DIR}/man/${page}.gz)
endforeach()
add_custom_target(folio_man_pages ALL DEPENDS ${folio_man_gz})
install(FILES ${folio_man_gz} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# The service: its unit and its settings (a conffile in the Debian package).
set(FOLIO_SERVE_CONF ${CMAKE_INSTALL_FULL_SYSCONFDIR}/folio/serve.conf)
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(folio_unit_dir_default /lib/systemd/system)  # where bookworm's systemd and lintian want it
else()
  set(folio_unit_dir_default lib/systemd/system)  # under the prefix, wherever it is put
endif()
set(FOLIO_SYSTEMD_UNIT_DIR ${folio_unit_dir_default} CACHE STRING
  "Where to install folio-search.service (relative: under the prefix)")
configure_file(searcher/folio-search.service.in ${PROJECT_BINARY_DIR}/folio-search.service @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/folio-search.service DESTINATION ${FOLIO_SYSTEMD_UNIT_DIR})
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(folio_conf_dir /etc/folio)  # GNUInstallDirs' SYSCONFDIR stays relative (usr/etc) there
else()
  set(folio_conf_dir ${CMAKE_INSTALL_SYSCONFDIR}/folio)  # under the prefix, wherever it is put
endif()
install(FILES searcher/serve.conf DESTINATION ${folio_conf_dir})

# The manual, the licence and the changelog.
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/manual
  FILES_MATCHING PATTERN "*.md" PATTERN "*.png" PATTERN "man" EXCLUDE)
install(FILES packaging/debian/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})
add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/changelog.gz
  COMMAND ${GZIP_EXECUTABLE} -9n -c ${PROJECT_SOURCE_DIR}/packaging/debian/changelog
          > ${PROJECT_BINARY_DIR}/changelog.gz
  DEPENDS ${PROJECT_SOURCE_DIR}/packaging/debian/changelog VERBATIM)
add_custom_target(folio_changelog ALL DEPENDS ${PROJECT_BINARY_DIR}/changelog.gz)
install(FILES ${PROJECT_BINARY_DIR}/changelog.gz DESTINATION ${CMAKE_INSTALL_DOCDIR})
