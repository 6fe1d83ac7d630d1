# installer/packaging.cmake: what `cmake --install` puts where, and the two Debian packages
# CPack makes from it (`cpack -G DEB` in the build directory):
#   stem-kiosk_<version>_<arch>.deb  stem-kiosk, kioskctl, the Spanish catalog, a .desktop
#                                    entry and icon, the kiosk session (cage) and docs
#   stem-hub_<version>_<arch>.deb    stem-hub, its hardened systemd unit, /etc/stem-hub/stem-hub.conf
# Runtime dependencies come from dpkg-shlibdeps (package dpkg-dev). Maintainer scripts live in
# installer/debian/{kiosk,hub}. installer/package-smoke.sh builds, installs and exercises both.
include(GNUInstallDirs)

# `cmake --install` and cpack take what is built; they do not first build every test and
# benchmark (build stem-kiosk, kioskctl and stem-hub before packaging).
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

set(STEM_INSTALLER_DIR ${PROJECT_SOURCE_DIR}/installer)
set(STEM_UNIT_DIR lib/systemd/system)

# --- stem-kiosk -------------------------------------------------------------------------------
install(TARGETS stem-kiosk kioskctl RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT kiosk)
# The catalog the app looks up in <prefix>/share/locale (see kiosk/app/ui/translations.cpp).
install(DIRECTORY ${PROJECT_BINARY_DIR}/kiosk/app/locale/
  DESTINATION ${CMAKE_INSTALL_LOCALEDIR} COMPONENT kiosk)
install(PROGRAMS ${STEM_INSTALLER_DIR}/stem-kiosk-session
  DESTINATION ${CMAKE_INSTALL_SBINDIR} COMPONENT kiosk)
install(FILES ${STEM_INSTALLER_DIR}/stem-kiosk.desktop
  DESTINATION ${CMAKE_INSTALL_DATADIR}/applications COMPONENT kiosk)
install(FILES ${STEM_INSTALLER_DIR}/stem-kiosk.svg
  DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps COMPONENT kiosk)
install(FILES ${STEM_INSTALLER_DIR}/systemd/stem-kiosk-session.service
  DESTINATION ${STEM_UNIT_DIR} COMPONENT kiosk)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/data/forms/FORMAT.md
  DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/stem-kiosk COMPONENT kiosk)
install(FILES ${PROJECT_SOURCE_DIR}/data/samples/demo-roster.csv
  DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/stem-kiosk/examples COMPONENT kiosk)

# --- stem-hub ---------------------------------------------------------------------------------
install(TARGETS stem-hub RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT hub)
install(FILES ${STEM_INSTALLER_DIR}/systemd/stem-hub.service
  DESTINATION ${STEM_UNIT_DIR} COMPONENT hub)
# A conffile: always /etc, whatever the prefix (dpkg keeps the nonprofit's edits on upgrade).
install(FILES ${STEM_INSTALLER_DIR}/stem-hub.conf DESTINATION /etc/stem-hub COMPONENT hub)
install(FILES ${PROJECT_SOURCE_DIR}/README.md
  DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/stem-hub COMPONENT hub)
# nginx in front of the hub on the internet: a site file to copy (see its first lines).
install(FILES ${STEM_INSTALLER_DIR}/nginx/stem-hub.conf
  DESTINATION ${CMAKE_INSTALL_DATADIR}/stem-hub/nginx COMPONENT hub)

# --- CPack ------------------------------------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME stem-kiosk)
set(CPACK_PACKAGE_VENDOR "STEM kiosk project")
set(CPACK_PACKAGE_CONTACT "STEM kiosk maintainers <maintainers@stem-kiosk.invalid>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_COMPONENTS_ALL kiosk hub)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_KIOSK_PACKAGE_NAME stem-kiosk)
set(CPACK_DEBIAN_KIOSK_PACKAGE_DEPENDS "adduser")
# cups: badges and pickup stubs print through the machine's CUPS queues.
set(CPACK_DEBIAN_KIOSK_PACKAGE_RECOMMENDS "cage, xwayland, fonts-dejavu-core, cups")
set(CPACK_COMPONENT_KIOSK_DESCRIPTION
  "Offline-first touchscreen kiosk for community STEM fairs and camps\n\
stem-kiosk lets families register children, apply for scholarships and answer surveys,\n\
and volunteers check students in and out with pickup codes, all offline in SQLite, synced\n\
to the nonprofit's hub later. Includes kioskctl and a full-screen kiosk session (cage).")
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_EXTRA
  ${STEM_INSTALLER_DIR}/debian/kiosk/postinst ${STEM_INSTALLER_DIR}/debian/kiosk/prerm
  ${STEM_INSTALLER_DIR}/debian/kiosk/postrm)

set(CPACK_DEBIAN_HUB_PACKAGE_NAME stem-hub)
set(CPACK_DEBIAN_HUB_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_HUB_PACKAGE_RECOMMENDS "sqlite3")
set(CPACK_DEBIAN_HUB_PACKAGE_SUGGESTS "nginx, postgresql")
set(CPACK_COMPONENT_HUB_DESCRIPTION
  "Hub that collects the STEM kiosks' records\n\
stem-hub receives the kiosks' batches exactly once over HTTPS, publishes rosters to them and\n\
exports everything to Excel, CSV or JSON. Runs as the hardened systemd service stem-hub;\n\
a site file for nginx in front of it on the internet is included.")
set(CPACK_DEBIAN_HUB_PACKAGE_CONTROL_EXTRA
  ${STEM_INSTALLER_DIR}/debian/hub/conffiles ${STEM_INSTALLER_DIR}/debian/hub/postinst
  ${STEM_INSTALLER_DIR}/debian/hub/prerm ${STEM_INSTALLER_DIR}/debian/hub/postrm)

include(CPack)
