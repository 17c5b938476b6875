# `cpack` (scripts/package): folio_VERSION_amd64.deb, everything cmake/install.cmake installs.
# Configure with -DCMAKE_INSTALL_PREFIX=/usr for it (scripts/package does, with Debian's
# hardening flags from dpkg-buildflags).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME folio)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The Folio developers")
set(CPACK_PACKAGE_CONTACT "Folio developers <folio@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "full-text search engine for collections of articles")
set(CPACK_PACKAGE_DESCRIPTION [[
Folio indexes a folder of articles (plain text, Markdown, HTML, JSON Lines,
RSS/Atom feeds, mail, PDF, DOCX, ODT, EPUB and WARC) into a Xapian database,
analysing each article in its own language, and answers ranked queries with
highlighted passages.
.
This package holds folio-index, folio-search (which also serves a web page, a
JSON API, Atom feeds and Prometheus metrics; a systemd unit runs it as a
service), libfolio with its headers, CMake package and pkg-config file, and
the manual.]])
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # folio_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION text)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends from dpkg-shlibdeps
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)  # libfolio.so.0's shlibs file
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "xapian-tools")  # xapian-tcpsrv, for remote shards
# /etc/folio/serve.conf is a conffile; the library activates the ldconfig trigger (rather than
# the ldconfig calls CPack would write), and the scripts reload systemd, as debhelper's do.
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${PROJECT_SOURCE_DIR}/packaging/debian/conffiles ${PROJECT_SOURCE_DIR}/packaging/debian/triggers
  ${PROJECT_SOURCE_DIR}/packaging/debian/postinst ${PROJECT_SOURCE_DIR}/packaging/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_OUTPUT_FILE_PREFIX ${PROJECT_BINARY_DIR}/package)
include(CPack)
