// The toolkit settings stem-kiosk starts GTK with; the app's main() and the UI tests' main()
// both call DisableGtkOpenGl() before wx starts GTK, so the tests run the app as shipped.
#pragma once

#include <cstdlib>

namespace stem::kiosk {

// The app draws with cairo and never uses OpenGL, but GTK opens the GL driver at start-up to
// choose visuals: with Mesa that maps libLLVM and the DRI driver, about half of the app's
// memory (104 MB -> 49 MB at launch on a 100,000-person roster). An explicit GDK_GL wins.
inline void DisableGtkOpenGl() { setenv("GDK_GL", "disable", /*overwrite=*/0); }

}  // namespace stem::kiosk
