// What the response pages and the review pages share: a form's layout and names for
// showing its responses, a cell as text, and one response's answers in the reader's language
// (the exports' own columns and cells, export/table.h, so pages and spreadsheets agree).
// Thread safety: values and pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "sync/hub/export/table.h"
#include "sync/hub/storage/hub_storage.h"
#include "sync/hub/web/renderer.h"

namespace stem::hub::web {

inline constexpr size_t kFixedColumns = 8;  // table::ResponseColumns before the questions

// What the pages need to show one form's responses.
struct FormView {
  std::string title;  // the newest version's, in the reader's language
  table::FormLayout layout;
  std::map<std::string, std::string> kiosk_names;  // kiosk id -> name
  std::map<std::string, std::string> event_names;
};

Result<FormView> ViewOf(HubStorage& storage, const std::string& form_id, const std::string& lang);

// The name for `id`, or `id` itself.
std::string NameOr(const std::map<std::string, std::string>& names, const std::string& id);

std::string CellText(const Renderer& r, const std::string& lang, const table::Cell& c);

// {"answers": [{question, text, signature?}], "repeats": [{name, entries: [{number,
// answers}]}], "sealed": bool}: every answered question of `r`. Sealed answers stay sealed
// unless `keys` is given (a key that does not open them: Denied "wrong_key").
Result<nlohmann::json> AnswersJson(const Renderer& r, const std::string& lang, const FormView& view,
                                   const ResponseRow& response,
                                   const std::optional<seal::KeyPair>& keys = std::nullopt);

}  // namespace stem::hub::web
