// Startup benchmark of stem-kiosk (not a test: it prints figures). Run under a display:
//   xvfb-run -a build/tests/kiosk-startup-bench [ROSTER_SIZE] [RUNS]
// Makes a store with a roster of ROSTER_SIZE students (default 100,000), then launches, in
// turns, `stem-kiosk --windowed` on it until its attract screen is up and idle, and this
// same program as a minimal wx window (--minimal) until it is up and idle, once as it comes and
// once with GDK's OpenGL off (GDK_GL=disable, as stem-kiosk sets for itself). Prints the
// median wall time of each, the ratios, and the peak resident memory of each.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <wx/wx.h>

#include "data/forms/bundled_forms.h"
#include "data/store/store.h"

namespace {

class MinimalApp : public wxApp {
 public:
  bool OnInit() override {
    auto* frame = new wxFrame(nullptr, wxID_ANY, "minimal", wxDefaultPosition, wxSize(1280, 800));
    new wxButton(frame, wxID_ANY, "Start");
    frame->Show();
    frame->Bind(wxEVT_IDLE, [this](wxIdleEvent&) {
      if (!done_) {
        done_ = true;
        ExitMainLoop();
      }
    });
    return true;
  }

 private:
  bool done_ = false;
};

struct Run {
  double seconds = 0;
  long max_rss_kb = 0;
  int status = -1;
};

Run Launch(const std::vector<std::string>& argv, const char* gdk_gl = nullptr) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    setenv("STEM_KIOSK_EXIT_WHEN_READY", "1", 1);
    if (gdk_gl != nullptr) setenv("GDK_GL", gdk_gl, 1);
    execv(args[0], args.data());
    _exit(127);
  }
  Run r;
  int status = 0;
  struct rusage usage {};
  if (pid > 0 && wait4(pid, &status, 0, &usage) == pid) {
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.max_rss_kb = usage.ru_maxrss;
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  return r;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

std::string Roster(int n) {
  std::string csv = "first_name,last_name,birth_date,grade,guardian_name,phone,confirmation_code\n";
  const char* firsts[] = {"Ana", "José", "Minh", "Aisha", "Liam", "Sofía", "Noah", "Mei"};
  const char* lasts[] = {"García", "Nguyễn", "Smith", "Okafor", "Müller", "Pérez", "Kim", "Ali"};
  for (int i = 0; i < n; ++i) {
    char line[200];
    std::snprintf(line, sizeof line, "%s,%s%d,2015-0%d-1%d,%d,Guardian %d,555%07d,\n",
                  firsts[i % 8], lasts[(i / 8) % 8], i, 1 + i % 9, i % 9, 1 + i % 12, i, i);
    csv += line;
  }
  return csv;
}

// Creates the store with a roster of `roster` students, in a child process.
bool MakeStoreInChild(const std::string& db, int roster) {
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    stem::Result<stem::Store> store = stem::Store::Create(db);
    if (!store.ok() || !stem::InstallBundledForms(*store).ok()) _exit(1);
    std::string today = stem::LocalDay(stem::SystemClock().Now());
    stem::Result<stem::Event> ev = store->CreateEvent({"Startup bench fair", "fair", today, today, ""});
    if (!ev.ok() || !store->UseEvent(ev->id).ok()) _exit(1);
    auto t0 = std::chrono::steady_clock::now();
    auto report = store->ImportRoster(ev->id, Roster(roster));
    if (!report.ok()) {
      std::fprintf(stderr, "roster import failed: %s\n", report.status().ToString().c_str());
      _exit(1);
    }
    std::printf("roster: %d students imported in %.1f s\n", roster,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    std::fflush(stdout);
    _exit(0);
  }
  int status = 0;
  return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
         WEXITSTATUS(status) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--minimal") {
    wxApp::SetInstance(new MinimalApp());
    return wxEntry(argc, argv);
  }
  int roster = argc > 1 ? std::atoi(argv[1]) : 100000;
  int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  if (roster < 0 || runs < 1) {
    std::fprintf(stderr, "usage: kiosk-startup-bench [ROSTER_SIZE] [RUNS]\n");
    return 2;
  }
  auto dir = std::filesystem::temp_directory_path() / ("kiosk-startup-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string db = (dir / "kiosk.db").string();
  // The roster is made in a child process: a forked launch starts with this process's
  // resident pages, and Linux keeps that high-water mark across exec, so this process must
  // stay small for the launches' peak RSS to be theirs.
  if (!MakeStoreInChild(db, roster)) return 1;
  std::string self = std::filesystem::canonical("/proc/self/exe").string();
  std::vector<double> kiosk_s, minimal_s, minimal_nogl_s;
  long kiosk_rss = 0, minimal_rss = 0, minimal_nogl_rss = 0;
  for (int i = 0; i < runs; ++i) {
    Run k = Launch({STEM_KIOSK_PATH, "--windowed", "--db", db});
    Run m = Launch({self, "--minimal"});
    Run n = Launch({self, "--minimal"}, "disable");
    if (k.status != 0 || m.status != 0 || n.status != 0) {
      std::fprintf(stderr, "a launch failed (stem-kiosk %d, minimal %d, minimal without GL %d)\n",
                   k.status, m.status, n.status);
      return 1;
    }
    kiosk_s.push_back(k.seconds);
    minimal_s.push_back(m.seconds);
    minimal_nogl_s.push_back(n.seconds);
    kiosk_rss = std::max(kiosk_rss, k.max_rss_kb);
    minimal_rss = std::max(minimal_rss, m.max_rss_kb);
    minimal_nogl_rss = std::max(minimal_nogl_rss, n.max_rss_kb);
  }
  double k = Median(kiosk_s), m = Median(minimal_s), n = Median(minimal_nogl_s);
  std::printf("launch to interactive, median of %d runs (peak RSS: the largest):\n", runs);
  std::printf("  stem-kiosk (%d-person roster)   %7.1f ms   peak RSS %6.1f MB\n", roster, k * 1000,
              kiosk_rss / 1024.0);
  std::printf("  minimal wx window               %7.1f ms   peak RSS %6.1f MB\n", m * 1000,
              minimal_rss / 1024.0);
  std::printf("  minimal wx window, GDK_GL off   %7.1f ms   peak RSS %6.1f MB\n", n * 1000,
              minimal_nogl_rss / 1024.0);
  std::printf("  ratio to the minimal window      %6.2fx   (aim: under 2x, under 100 MB)\n", k / m);
  std::printf("  ratio to it with GDK_GL off      %6.2fx\n", k / n);
  std::filesystem::remove_all(dir);
  return 0;
}
