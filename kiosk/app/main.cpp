// stem-kiosk: the touchscreen app. Parses the command line and opens the store before any
// window exists, so a bad argument or an unusable store is one line on stderr and a non-zero
// exit status (2 for a usage mistake, 1 otherwise).
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>

#include "kiosk/app/core/app_args.h"
#include "kiosk/app/ui/kiosk_context.h"
#include "kiosk/app/ui/kiosk_frame.h"
#include "kiosk/app/ui/toolkit_env.h"
#include "kiosk/app/ui/wx.h"

namespace {

class KioskApp : public wxApp {
 public:
  KioskApp(std::unique_ptr<stem::kiosk::KioskContext> ctx, bool windowed)
      : ctx_(std::move(ctx)), windowed_(windowed) {}
  bool OnInit() override {
    auto* frame = new stem::kiosk::KioskFrame(*ctx_, windowed_);
    frame->Show();
    // For the startup benchmark: leave as soon as the attract screen is up and idle.
    if (std::getenv("STEM_KIOSK_EXIT_WHEN_READY") != nullptr) {
      frame->Bind(wxEVT_IDLE, [this](wxIdleEvent&) {
        if (!ready_) {
          ready_ = true;
          ExitMainLoop();
        }
      });
    }
    return true;
  }
  int OnExit() override {
    int code = wxApp::OnExit();
    return code;
  }

 private:
  std::unique_ptr<stem::kiosk::KioskContext> ctx_;
  bool windowed_;
  bool ready_ = false;
};

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::map<std::string, std::string> env;
  for (const char* name : {"STEM_KIOSK_DB", "XDG_DATA_HOME", "HOME"}) {
    if (const char* v = std::getenv(name); v != nullptr && *v != '\0') env[name] = v;
  }
  stem::Result<stem::kiosk::AppArgs> parsed = stem::kiosk::ParseAppArgs(args, env);
  if (!parsed.ok()) {
    std::cerr << "stem-kiosk: " << parsed.status().detail() << "\n";
    return 2;
  }
  if (parsed->help) {
    std::cout << stem::kiosk::AppUsage();
    return 0;
  }
  auto ctx = stem::kiosk::KioskContext::Open(parsed->db_path);
  if (!ctx.ok()) {
    std::string line = ctx.status().ToString();
    for (char& c : line) {
      if (c == '\n' || c == '\r') c = ' ';
    }
    std::cerr << "stem-kiosk: cannot use the store " << parsed->db_path << ": " << line << "\n";
    return 1;
  }
  if (!parsed->language.empty()) ctx.value()->language = parsed->language;
  stem::kiosk::DisableGtkOpenGl();
  wxApp::SetInstance(new KioskApp(std::move(ctx).value(), parsed->windowed));
  return wxEntry(argc, argv);
}
