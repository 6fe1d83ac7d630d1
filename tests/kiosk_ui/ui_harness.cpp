#include "ui_harness.h"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include <wx/dcscreen.h>
#include <wx/evtloop.h>

#include "data/forms/bundled_forms.h"
#include "data/seal.h"
#include "kiosk/app/core/kiosk_config.h"

namespace stem::kiosk {

namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

void UiTest::SetUp() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  dir_ = std::filesystem::temp_directory_path() /
         ("kiosk-ui-" + std::to_string(getpid()) + "-" + info->name());
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_);
  store_path_ = (dir_ / "kiosk.db").string();
  {
    Result<Store> s = Store::Create(store_path_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    ASSERT_TRUE(InstallBundledForms(*s).ok());
    std::string today = LocalDay(SystemClock().Now());
    Result<Event> e = s->CreateEvent({"Robotics Summer Camp", "camp", today, today, "Library"});
    ASSERT_TRUE(e.ok());
    event_id_ = e->id;
    ASSERT_TRUE(s->UseEvent(event_id_).ok());
    Result<RosterImportReport> r =
        s->ImportRoster(event_id_, ReadFile(std::string(STEM_SOURCE_DIR) + "/data/samples/demo-roster.csv"));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_TRUE(s->SetSealingKey(seal::Generate().public_key.Base64()).ok());
    ASSERT_TRUE(SavePin(*s, PinRole::kVolunteer, kVolunteerPin).ok());
    ASSERT_TRUE(SavePin(*s, PinRole::kAdmin, kAdminPin).ok());
  }
  Result<std::unique_ptr<KioskContext>> ctx = KioskContext::Open(store_path_);
  ASSERT_TRUE(ctx.ok()) << ctx.status().ToString();
  ctx_ = std::move(ctx).value();
  ctx_->now = [this] { return fake_now_; };
  frame_ = new KioskFrame(*ctx_, true);
  frame_->Show();
  Pump();
}

void UiTest::TearDown() {
  if (frame_ != nullptr) {
    frame_->ExitKiosk();
    Pump();
  }
  ctx_.reset();
  std::filesystem::remove_all(dir_);
}

void UiTest::Pump(int rounds) {
  wxEventLoopBase* loop = wxEventLoopBase::GetActive();
  for (int i = 0; i < rounds; ++i) {
    while (loop != nullptr && loop->Pending()) loop->Dispatch();
    wxTheApp->ProcessPendingEvents();
    wxTheApp->ProcessIdle();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

bool UiTest::PumpUntilDone(const std::function<bool()>& done, std::chrono::milliseconds limit) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= until) return false;
    Pump(1);
  }
  return true;
}

wxWindow* UiTest::Find(const wxString& name) {
  wxWindow* screen = frame_->screen();
  if (screen == nullptr) return nullptr;
  wxWindow* w = screen->GetName() == name ? screen : wxWindow::FindWindowByName(name, screen);
  if (w == nullptr || !w->IsShownOnScreen()) return nullptr;
  return w;
}

void UiTest::Tap(const wxString& name) {
  wxWindow* w = Find(name);
  ASSERT_NE(w, nullptr) << "no control named " << name << " on " << ScreenName();
  ASSERT_TRUE(w->IsEnabled()) << name << " is disabled";
  if (auto* t = dynamic_cast<wxToggleButton*>(w)) {
    t->SetValue(!t->GetValue());
    wxCommandEvent e(wxEVT_TOGGLEBUTTON, t->GetId());
    e.SetEventObject(t);
    e.SetInt(t->GetValue() ? 1 : 0);
    t->ProcessWindowEvent(e);
  } else if (auto* c = dynamic_cast<wxCheckBox*>(w)) {
    c->SetValue(!c->GetValue());
    wxCommandEvent e(wxEVT_CHECKBOX, c->GetId());
    e.SetEventObject(c);
    e.SetInt(c->GetValue() ? 1 : 0);
    c->ProcessWindowEvent(e);
  } else {
    wxCommandEvent e(wxEVT_BUTTON, w->GetId());
    e.SetEventObject(w);
    w->ProcessWindowEvent(e);
  }
  Pump();
}

void UiTest::TypeOnKeyboard(const std::string& utf8) {
  wxString text = wxString::FromUTF8(utf8);
  for (wxUniChar ch : text) {
    wxString key = ch == ' ' ? wxString("key:space") : wxString("key:") + wxString(ch);
    if (Find(key) == nullptr && Find("key:shift") != nullptr) Tap("key:shift");
    ASSERT_NE(Find(key), nullptr) << "no key for " << wxString(ch).utf8_string();
    Tap(key);
  }
}

void UiTest::Sign(const wxString& name) {
  wxWindow* pad = Find(name);
  ASSERT_NE(pad, nullptr);
  auto send = [&](wxEventType type, int x, int y, bool down) {
    wxMouseEvent e(type);
    e.SetEventObject(pad);
    e.SetId(pad->GetId());
    e.m_x = x;
    e.m_y = y;
    e.SetLeftDown(down);
    pad->ProcessWindowEvent(e);
  };
  send(wxEVT_LEFT_DOWN, 40, 120, true);
  for (int i = 1; i <= 20; ++i) send(wxEVT_MOTION, 40 + i * 15, 120 + (i % 5) * 8 - 16, true);
  send(wxEVT_LEFT_UP, 340, 110, false);
  Pump();
}

std::string UiTest::ScreenName() {
  wxWindow* s = frame_->screen();
  return s == nullptr ? "" : s->GetName().utf8_string();
}

wxString UiTest::LabelOf(const wxString& name) {
  wxWindow* w = Find(name);
  return w == nullptr ? wxString() : w->GetLabel();
}

std::string UiTest::Shot(const std::string& what) {
  // GTK paints from its own main loop (frame clock): run the real loop briefly.
  frame_->Layout();
  frame_->Refresh();
  {
    wxGUIEventLoop nested;
    wxTimer stop;
    stop.Bind(wxEVT_TIMER, [&nested](wxTimerEvent&) { nested.Exit(); });
    stop.StartOnce(250);
    nested.Run();
  }
  const char* env = std::getenv("STEM_UI_ARTIFACTS");
  std::filesystem::path dir = env != nullptr ? env : "ui-artifacts";
  std::filesystem::create_directories(dir);
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  char num[16];
  std::snprintf(num, sizeof num, "%02d", ++shots_);
  std::filesystem::path file = dir / (std::string(info->name()) + "-" + num + "-" + what + ".png");
  // The window's own pixels (the screen DC of wxGTK 3 can return stale contents).
  wxSize r = frame_->GetClientSize();
  wxBitmap bmp(r.x, r.y);
  {
    wxClientDC window(frame_);
    wxMemoryDC mem(bmp);
    mem.Blit(0, 0, r.x, r.y, &window, 0, 0);
  }
  EXPECT_TRUE(bmp.SaveFile(wxString::FromUTF8(file.string()), wxBITMAP_TYPE_PNG)) << file;
  return file.string();
}

}  // namespace stem::kiosk
