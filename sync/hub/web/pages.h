// The staff pages, one file per area, each adding its routes to the table. Handlers are thin:
// they read the request, ask the storage, and render a template.
// Thread safety: handlers run on the server's worker threads, several at once; everything
// here is either const or safe for that.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "data/clock.h"
#include "data/forms/form_spec.h"
#include "sync/hub/http/http.h"
#include "sync/hub/storage/hub_storage.h"
#include "sync/hub/web/renderer.h"
#include "sync/hub/web/staff_auth.h"

namespace stem::hub::web {

struct Pages {
  HubStorage& storage;
  const Renderer& renderer;
  StaffAuth& auth;
  const Clock& clock;
};

// A route's handler from a page function.
using PageHandler = http::Response (*)(Pages&, http::Request&);
inline std::function<http::Response(http::Request&)> Handle(Pages& pages, PageHandler f) {
  return [&pages, f](http::Request& r) { return f(pages, r); };
}

// /signin, /signout, /welcome (a sign-in link sets the password).
std::vector<http::Route> SignInRoutes(Pages& pages);
// / (the events' overview) and /overview.json (its counts, polled by the page).
std::vector<http::Route> OverviewRoutes(Pages& pages);
// /people (search) and /person (one person).
std::vector<http::Route> PeopleRoutes(Pages& pages);
// /attendance/duplicates (children checked in on two kiosks at once).
std::vector<http::Route> AttendanceRoutes(Pages& pages);
// /responses (a form's responses; without a form, the forms) and /response (one).
std::vector<http::Route> ResponseRoutes(Pages& pages);
// /results (survey charts; without a form, the forms).
std::vector<http::Route> ResultsRoutes(Pages& pages);
// /review (the scholarship queue) and /application (one, with its review): reviewer.
std::vector<http::Route> ReviewRoutes(Pages& pages);
// /export (staff): the Excel workbook, streamed.
std::vector<http::Route> ExportRoutes(Pages& pages);
// /events (staff): events, rosters and forms published from the page.
std::vector<http::Route> EventRoutes(Pages& pages);
// /devices (staff: add and revoke kiosks) and /audit (admin).
std::vector<http::Route> AdminRoutes(Pages& pages);
// /users (admin): staff accounts.
std::vector<http::Route> UserRoutes(Pages& pages);
// /keys (admin): the nonprofit's key, locked under a passphrase.
std::vector<http::Route> KeyRoutes(Pages& pages);
// /tokens (personal API tokens) and the JSON API under /api/ (api.cpp).
std::vector<http::Route> TokenRoutes(Pages& pages);
std::vector<http::Route> ApiRoutes(Pages& pages);
// /static/style.css, /static/app.js.
std::vector<http::Route> AssetRoutes();

// The hub's local day ("YYYY-MM-DD"), as kiosks write check-ins' days.
std::string LocalToday(const Clock& clock);
// "2026-12-07 14:03" from a UTC timestamp, in the hub's local time; "" for "".
std::string ShortTime(const std::string& utc);

// A form's title in `lang` (else English, else any), or its id.
std::string TitleIn(const forms::FormSpec& spec, const std::string& lang);
// Every known form's title (of its newest version) in `lang`, by form id.
Result<std::map<std::string, std::string>> FormTitles(HubStorage& storage, const std::string& lang);

// Every event's name (its id when it has none), by id.
Result<std::map<std::string, std::string>> EventNames(HubStorage& storage);
// The choices of an event filter (ids, names, the one `selected`), for a <select>.
nlohmann::json EventChoices(const std::map<std::string, std::string>& names,
                            const std::string& selected);

// The kiosks as the overview and the kiosks page list them.
nlohmann::json KioskRows(const Renderer& r, const std::string& lang,
                         const std::vector<KioskStatus>& kiosks);
// The forms that have responses, each linked to `base` + "?form=ID", titled `title_key`.
http::Response FormsPage(Pages& pages, const http::Request& req, const std::string& base,
                         const std::string& title_key);

// The page for a storage failure: the reader's words, never the error's.
http::Response Unavailable(Pages& pages, const http::Request& req);

}  // namespace stem::hub::web
