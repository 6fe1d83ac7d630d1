#include "sync/hub/web/dashboard.h"

#include <ctime>

#include "sync/hub/web/pages.h"
#include "sync/hub/web/request_parts.h"
#include "sync/hub/web/renderer.h"
#include "sync/hub/web/staff_auth.h"
#include "sync/hub/web/web_files.h"

namespace stem::hub::web {

struct Dashboard::Impl {
  SystemClock system_clock;
  std::unique_ptr<Renderer> renderer;
  std::unique_ptr<StaffAuth> auth;
  std::unique_ptr<Pages> pages;
};

Dashboard::Dashboard(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Dashboard::~Dashboard() = default;

Result<std::unique_ptr<Dashboard>> Dashboard::Create(HubStorage& storage,
                                                     DashboardOptions options) {
  auto impl = std::make_unique<Impl>();
  const Clock& clock = options.clock != nullptr ? *options.clock : impl->system_clock;
  STEM_ASSIGN_OR_RETURN(impl->renderer, Renderer::Load());
  impl->auth = std::make_unique<StaffAuth>(storage, *impl->renderer, clock, options.tls);
  impl->pages.reset(new Pages{storage, *impl->renderer, *impl->auth, clock});
  return std::unique_ptr<Dashboard>(new Dashboard(std::move(impl)));
}

std::vector<http::Route> Dashboard::Routes() {
  std::vector<http::Route> routes;
  for (auto* add : {&SignInRoutes, &OverviewRoutes, &PeopleRoutes, &AttendanceRoutes, &ResponseRoutes, &ResultsRoutes, &ReviewRoutes, &ExportRoutes, &EventRoutes, &AdminRoutes, &UserRoutes, &KeyRoutes, &TokenRoutes, &ApiRoutes}) {
    for (http::Route& r : add(*impl_->pages)) routes.push_back(std::move(r));
  }
  for (http::Route& r : AssetRoutes()) routes.push_back(std::move(r));
  return routes;
}

std::optional<http::Response> Dashboard::Authorize(const http::Route& route, http::Request& req) {
  return impl_->auth->Authorize(route, req);
}

// --- shared by the pages -------------------------------------------------------------------

std::string LocalToday(const Clock& clock) {
  std::time_t t = std::chrono::system_clock::to_time_t(clock.Now());
  std::tm local{};
  localtime_r(&t, &local);
  char day[16];
  std::strftime(day, sizeof day, "%Y-%m-%d", &local);
  return day;
}

std::string ShortTime(const std::string& utc) {
  TimePoint t;
  if (utc.empty() || !ParseUtc(utc, &t)) return utc;
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm local{};
  localtime_r(&tt, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &local);
  return text;
}

Result<std::map<std::string, std::string>> EventNames(HubStorage& storage) {
  STEM_ASSIGN_OR_RETURN(std::vector<HubEventInfo> events, storage.ListEventsUncounted());
  std::map<std::string, std::string> names;
  for (const HubEventInfo& e : events) names[e.event.id] = e.event.name.empty() ? e.event.id : e.event.name;
  return names;
}

nlohmann::json EventChoices(const std::map<std::string, std::string>& names,
                            const std::string& selected) {
  nlohmann::json choices = nlohmann::json::array();
  for (const auto& [id, name] : names) {
    choices.push_back({{"id", id}, {"name", name}, {"selected", id == selected}});
  }
  return choices;
}

std::string TitleIn(const forms::FormSpec& spec, const std::string& lang) {
  for (const std::string& l : {lang, std::string("en")}) {
    if (auto it = spec.title.find(l); it != spec.title.end() && !it->second.empty()) return it->second;
  }
  return spec.title.empty() ? spec.id : spec.title.begin()->second;
}

Result<std::map<std::string, std::string>> FormTitles(HubStorage& storage, const std::string& lang) {
  STEM_ASSIGN_OR_RETURN(std::vector<HubForm> known, storage.ListForms(""));
  std::map<std::string, std::string> titles;  // ListForms runs by id, then version: newest wins
  for (const HubForm& f : known) {
    if (Result<forms::FormSpec> spec = forms::LoadFormSpecOrError(f.spec_json); spec.ok()) {
      titles[f.form_id] = TitleIn(*spec, lang);
    }
  }
  return titles;
}

nlohmann::json KioskRows(const Renderer& r, const std::string& lang,
                         const std::vector<KioskStatus>& kiosks) {
  nlohmann::json rows = nlohmann::json::array();
  for (const KioskStatus& k : kiosks) {
    std::string state = k.revoked ? "kiosk_revoked" : k.enrolled ? "kiosk_enrolled" : "kiosk_waiting";
    rows.push_back({{"name", k.name},
                    {"state", r.Text(lang, state)},
                    {"last_seen", k.last_seen_at.empty() ? r.Text(lang, "kiosk_never") : ShortTime(k.last_seen_at)},
                    {"records", k.records},
                    {"version", k.app_version.empty() ? "–" : k.app_version},
                    {"waiting", k.waiting < 0 ? "–" : std::to_string(k.waiting)},
                    {"quarantined", k.quarantined < 0 ? "–" : std::to_string(k.quarantined)},
                    {"behind", k.waiting > 0 || k.quarantined > 0},
                    {"can_revoke", !k.revoked}});
  }
  return rows;
}

http::Response FormsPage(Pages& p, const http::Request& req, const std::string& base,
                         const std::string& title_key) {
  std::string lang = p.renderer.Language(req);
  Result<std::vector<std::string>> forms = p.storage.FormsWithResponses(ExportFilter{});
  Result<std::map<std::string, std::string>> titles = FormTitles(p.storage, lang);
  if (!forms.ok() || !titles.ok()) return Unavailable(p, req);
  nlohmann::json list = nlohmann::json::array();
  for (const std::string& f : *forms) {
    auto title = titles->find(f);
    list.push_back({{"form", f},
                    {"title", title == titles->end() ? f : title->second},
                    {"href", base + "?form=" + UrlEncode(f)}});
  }
  return p.renderer.Page(req, 200, "forms", title_key,
                         {{"forms", list}, {"has_forms", !list.empty()}});
}

http::Response Unavailable(Pages& pages, const http::Request& req) {
  return pages.renderer.Message(req, 503, "error_unavailable");
}

std::vector<http::Route> AssetRoutes() {
  auto asset = [](const char* file, const char* type) {
    return [file, type](http::Request&) {
      http::Response res;
      res.content_type = type;
      res.body = std::string(WebFile(file));
      res.headers.push_back({"Cache-Control", "public, max-age=3600"});
      res.headers.push_back({"X-Content-Type-Options", "nosniff"});
      return res;
    };
  };
  using http::Access;
  return {
      {"GET", "/static/style.css", Access::kAnyone, asset("assets/style.css", "text/css; charset=utf-8")},
      {"GET", "/static/app.js", Access::kAnyone,
       asset("assets/app.js", "text/javascript; charset=utf-8")},
  };
}

}  // namespace stem::hub::web
