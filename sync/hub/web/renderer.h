// Renders the staff pages: a page's template inside the layout, in the reader's language,
// with the headers every page carries (a strict Content-Security-Policy: scripts and styles
// only from the hub itself, no inline script, no framing; no caching of pages).
//
// Templates are mustache (Debian's libkainjow-mustache-dev), which escapes every {{value}}
// for HTML; a page's data is JSON. Words come from messages.json, one object per language
// with the same keys: a template reads them as {{t.key}}, code through Text() and Format().
// Ownership: holds the parsed templates. Thread safety: const methods from any thread.
// Errors: Load fails when a template does not parse or a language lacks a word.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/status.h"
#include "sync/hub/http/http.h"

namespace stem::hub::web {

inline constexpr const char* kLanguages[] = {"en", "es"};

class Renderer {
 public:
  static Result<std::unique_ptr<Renderer>> Load();
  ~Renderer();

  // The reader's language: ?lang= on this request, else the "lang" cookie, else the
  // browser's Accept-Language, else English.
  std::string Language(const http::Request& req) const;
  std::string Text(const std::string& lang, const std::string& key) const;
  // Text() with "{name}" replaced by each value.
  std::string Format(const std::string& lang, const std::string& key,
                     const std::vector<std::pair<std::string, std::string>>& values) const;

  // The page `name` (templates/NAME.mustache) inside the layout, titled by the word
  // `title_key`. The layout reads the signed-in account from the request.
  http::Response Page(const http::Request& req, int status, const std::string& name,
                      const std::string& title_key, nlohmann::json data) const;
  // A page with one message (403, 404, ...): the word `message_key` in the reader's language.
  http::Response Message(const http::Request& req, int status, const std::string& message_key) const;

 private:
  struct Impl;
  explicit Renderer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Headers of every page: CSP, nosniff, no framing, no referrer to other sites, no caching.
void AddPageHeaders(http::Response& res);
// A 303 to `location` (a path on this hub).
http::Response Redirect(const std::string& location);

}  // namespace stem::hub::web
