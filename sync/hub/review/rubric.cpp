#include "sync/hub/review/rubric.h"

#include <set>

#include <nlohmann/json.hpp>

namespace stem::hub::review {

using nlohmann::json;

bool IsStatus(std::string_view status) {
  for (const char* s : kStatuses) {
    if (status == s) return true;
  }
  return false;
}

namespace {

Status Bad(const std::string& what) { return Status::InvalidArgument("bad_rubric", what); }

}  // namespace

Result<std::vector<RubricLine>> ParseRubric(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (!j.is_array()) return Bad("a rubric is a JSON list of lines");
  if (j.empty() || j.size() > 12) return Bad("a rubric has 1 to 12 lines");
  std::vector<RubricLine> out;
  std::set<std::string> ids;
  for (size_t i = 0; i < j.size(); ++i) {
    const json& l = j[i];
    std::string where = "line " + std::to_string(i + 1);
    if (!l.is_object()) return Bad(where + " is not an object");
    RubricLine line;
    if (!l.contains("id") || !l["id"].is_string()) return Bad(where + " has no id");
    line.id = l["id"].get<std::string>();
    if (line.id.empty() || line.id.size() > 40 ||
        line.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
      return Bad(where + ": an id is 1 to 40 of a-z, 0-9 and _");
    }
    if (!ids.insert(line.id).second) return Bad(where + ": the id " + line.id + " is used twice");
    if (!l.contains("label") || !l["label"].is_object()) return Bad(where + " has no label");
    for (const auto& [lang, words] : l["label"].items()) {
      if (!words.is_string() || words.get<std::string>().empty() || words.get<std::string>().size() > 200) {
        return Bad(where + ": the " + lang + " label must be 1 to 200 characters");
      }
      line.label[lang] = words.get<std::string>();
    }
    if (line.label.count("en") == 0) return Bad(where + " has no English label");
    if (!l.contains("max") || !l["max"].is_number_integer() || l["max"].get<int64_t>() < 1 ||
        l["max"].get<int64_t>() > 100) {
      return Bad(where + ": max is a whole number from 1 to 100");
    }
    line.max = l["max"].get<int>();
    out.push_back(std::move(line));
  }
  return out;
}

std::string RubricJson(const std::vector<RubricLine>& rubric) {
  json out = json::array();
  for (const RubricLine& l : rubric) out.push_back({{"id", l.id}, {"label", l.label}, {"max", l.max}});
  return out.dump();
}

const std::vector<RubricLine>& DefaultRubric() {
  static const std::vector<RubricLine> kDefault = {
      {"need", {{"en", "Financial need"}, {"es", "Necesidad económica"}}, 10},
      {"interest", {{"en", "Interest in STEM"}, {"es", "Interés en STEM"}}, 10},
      {"essay", {{"en", "Essay"}, {"es", "Ensayo"}}, 10},
      {"reference", {{"en", "Reference"}, {"es", "Referencia"}}, 5},
  };
  return kDefault;
}

std::vector<RubricLine> RubricOrDefault(const std::string& setting) {
  if (setting.empty()) return DefaultRubric();
  Result<std::vector<RubricLine>> r = ParseRubric(setting);
  return r.ok() ? *r : DefaultRubric();
}

}  // namespace stem::hub::review
