// main() of the UI tests: starts wx on the X display (run under xvfb-run), keeps an event
// loop active for the harness to pump, and runs GoogleTest.
#include <gtest/gtest.h>

#include <cstdio>

#include <wx/evtloop.h>

#include "kiosk/app/ui/toolkit_env.h"
#include "kiosk/app/ui/wx.h"

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  stem::kiosk::DisableGtkOpenGl();
  wxApp::SetInstance(new wxApp());
  if (!wxEntryStart(argc, argv)) {
    std::fprintf(stderr, "kiosk UI tests: cannot open a display (run under xvfb-run -a)\n");
    return 1;
  }
  wxInitAllImageHandlers();
  int rc = 1;
  {
    wxGUIEventLoop loop;
    wxEventLoopActivator active(&loop);
    rc = RUN_ALL_TESTS();
  }
  wxEntryCleanup();
  return rc;
}
