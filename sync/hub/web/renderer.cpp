#include "sync/hub/web/renderer.h"

#include <kainjow/mustache.hpp>

#include <optional>

#include "sync/hub/web/web_files.h"
#include "sync/hub/web/request_parts.h"

namespace stem::hub::web {
namespace {

namespace mus = kainjow::mustache;
using nlohmann::json;

mus::data ToData(const json& j) {
  switch (j.type()) {
    case json::value_t::object: {
      mus::data d{mus::data::type::object};
      for (const auto& [key, value] : j.items()) d.set(key, ToData(value));
      return d;
    }
    case json::value_t::array: {
      mus::data d{mus::data::type::list};
      for (const json& v : j) d.push_back(ToData(v));
      return d;
    }
    case json::value_t::string:
      // An empty text is false, as in JavaScript's mustache: {{#venue}} ... {{/venue}} shows
      // nothing when there is no venue (and {{venue}} renders nothing either way).
      if (j.get_ref<const std::string&>().empty()) return mus::data(false);
      return mus::data(j.get<std::string>());
    case json::value_t::boolean:
      return mus::data(j.get<bool>());
    case json::value_t::null:
      return mus::data(false);
    default:
      return mus::data(j.dump());
  }
}

// This page again in language `other` (its query kept, but for the language).
std::string LanguageLink(const http::Request& req, const std::string& other) {
  // A page shown after a form was sent has no address of its own to come back to.
  if (req.method != "GET") return "/?lang=" + other;
  std::string href = req.path + "?";
  for (const auto& [k, v] : req.query) {
    if (k != "lang") href += UrlEncode(k) + "=" + UrlEncode(v) + "&";
  }
  return href + "lang=" + other;
}

}  // namespace

struct Renderer::Impl {
  // Checked at Load, parsed again for each page: a parsed mustache template is not safe to
  // render from several threads at once, and parsing one costs microseconds.
  std::map<std::string, std::string> templates;
  json messages;  // {"en": {...}, "es": {...}}

  std::optional<std::string> Render(const std::string& name, const mus::data& data) const {
    auto it = templates.find(name);
    if (it == templates.end()) return std::nullopt;
    mus::mustache t(it->second);
    return t.render(data);
  }
};

Renderer::Renderer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Renderer::~Renderer() = default;

Result<std::unique_ptr<Renderer>> Renderer::Load() {
  auto impl = std::make_unique<Impl>();
  for (std::string_view file : WebFileNames()) {
    constexpr std::string_view kDir = "templates/", kExt = ".mustache";
    if (file.rfind(kDir, 0) != 0) continue;
    std::string name(file.substr(kDir.size(), file.size() - kDir.size() - kExt.size()));
    std::string text(WebFile(file));
    mus::mustache t(text);
    if (!t.is_valid()) return Status::Internal("template " + name + ": " + t.error_message());
    impl->templates.emplace(name, std::move(text));
  }
  impl->messages = json::parse(WebFile("messages.json"), nullptr, false);
  if (!impl->messages.is_object() || !impl->messages.contains("en")) {
    return Status::Internal("messages.json is not an object of languages");
  }
  for (const char* lang : kLanguages) {
    const json& words = impl->messages.value(lang, json());
    for (const auto& [key, text] : impl->messages["en"].items()) {
      if (!words.contains(key) || !words[key].is_string()) {
        return Status::Internal(std::string("messages.json: ") + lang + " lacks " + key);
      }
    }
  }
  if (impl->templates.count("layout") == 0) return Status::Internal("no layout template");
  return std::unique_ptr<Renderer>(new Renderer(std::move(impl)));
}

std::string Renderer::Language(const http::Request& req) const {
  auto known = [](const std::string& l) {
    for (const char* k : kLanguages) {
      if (l == k) return true;
    }
    return false;
  };
  if (auto it = req.query.find("lang"); it != req.query.end() && known(it->second)) {
    return it->second;
  }
  if (std::string c = Cookie(req, "lang"); known(c)) return c;
  // The first language of Accept-Language we have ("es-MX,es;q=0.9,en;q=0.8" -> es).
  std::string accept = req.Header("Accept-Language");
  size_t pos = 0;
  while (pos < accept.size()) {
    size_t end = accept.find(',', pos);
    if (end == std::string::npos) end = accept.size();
    std::string tag = accept.substr(pos, end - pos);
    tag.erase(0, tag.find_first_not_of(' '));
    std::string primary = tag.substr(0, std::min(tag.find('-'), tag.find(';')));
    for (char& ch : primary) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (known(primary)) return primary;
    pos = end + 1;
  }
  return "en";
}

std::string Renderer::Text(const std::string& lang, const std::string& key) const {
  const json& all = impl_->messages;
  const json& words = all.contains(lang) ? all.at(lang) : all.at("en");
  auto it = words.find(key);
  return it != words.end() && it->is_string() ? it->get<std::string>() : key;
}

std::string Renderer::Format(const std::string& lang, const std::string& key,
                             const std::vector<std::pair<std::string, std::string>>& values) const {
  std::string text = Text(lang, key);
  for (const auto& [name, value] : values) {
    std::string mark = "{" + name + "}";
    for (size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at + value.size())) {
      text.replace(at, mark.size(), value);
    }
  }
  return text;
}

http::Response Renderer::Page(const http::Request& req, int status, const std::string& name,
                              const std::string& title_key, json data) const {
  std::string lang = Language(req);
  http::Response res;
  res.status = status;
  res.content_type = "text/html; charset=utf-8";
  AddPageHeaders(res);
  const json& all = impl_->messages;
  const json& words = all.contains(lang) ? all.at(lang) : all.at("en");
  data["t"] = words;
  data["lang"] = lang;
  data["csrf"] = req.csrf;
  data["is_staff"] = req.caller_role == "staff" || req.caller_role == "admin";
  data["is_admin"] = req.caller_role == "admin";
  std::optional<std::string> content = impl_->Render(name, ToData(data));
  if (!content) {
    res.status = 500;
    res.body = "missing page";
    return res;
  }
  json layout = {{"t", words},
                 {"lang", lang},
                 {"title", Text(lang, title_key)},
                 {"signed_in", !req.caller.empty() && !req.caller_role.empty()},
                 {"email", req.caller},
                 {"role", req.caller_role.empty() ? "" : Text(lang, "role_" + req.caller_role)},
                 {"csrf", req.csrf},
                 {"lang_href", LanguageLink(req, lang == "es" ? "en" : "es")},
                 {"other_lang", lang == "es" ? "en" : "es"},
                 {"other_lang_name", Text(lang == "es" ? "en" : "es", "language_name")},
                 {"is_reviewer", req.caller_role == "reviewer" || req.caller_role == "staff" ||
                                     req.caller_role == "admin"},
                 {"is_staff", req.caller_role == "staff" || req.caller_role == "admin"},
                 {"is_admin", req.caller_role == "admin"}};
  mus::data ld = ToData(layout);
  // The page's HTML goes in unescaped ({{{content}}}): it was escaped when rendered.
  ld.set("content", mus::data(std::move(*content)));
  res.body = impl_->Render("layout", ld).value_or("");
  if (req.query.count("lang") > 0) {
    res.headers.push_back({"Set-Cookie", "lang=" + lang + "; Path=/; Max-Age=31536000; SameSite=Strict"});
  }
  return res;
}

http::Response Renderer::Message(const http::Request& req, int status,
                                 const std::string& message_key) const {
  std::string lang = Language(req);
  return Page(req, status, "message", message_key, {{"message", Text(lang, message_key)}});
}

void AddPageHeaders(http::Response& res) {
  res.headers.push_back(
      {"Content-Security-Policy",
       "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"});
  res.headers.push_back({"X-Content-Type-Options", "nosniff"});
  res.headers.push_back({"X-Frame-Options", "DENY"});
  res.headers.push_back({"Referrer-Policy", "same-origin"});
  res.headers.push_back({"Cache-Control", "no-store"});
}

http::Response Redirect(const std::string& location) {
  http::Response res;
  res.status = 303;
  res.content_type = "text/plain; charset=utf-8";
  res.headers.push_back({"Location", location});
  AddPageHeaders(res);
  return res;
}

}  // namespace stem::hub::web
