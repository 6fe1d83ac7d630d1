// How a scholarship committee scores an application: a rubric of a few lines, each with a
// label in each language and a maximum number of points, kept as a hub setting (JSON) and
// set with `stem-hub review rubric FILE.json`; the default fits the bundled application.
// And the statuses an application moves through. Pure code; thread safe.
// Errors: InvalidArgument "bad_rubric" with what is wrong, for a rubric that is not usable.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "data/status.h"

namespace stem::hub::review {

inline constexpr const char* kRubricSetting = "review_rubric";
inline constexpr const char* kStatuses[] = {"new", "in_review", "awarded", "waitlisted",
                                            "declined"};

bool IsStatus(std::string_view status);

struct RubricLine {
  std::string id;                            // [a-z0-9_], 1 to 40 characters
  std::map<std::string, std::string> label;  // language -> text; English required
  int max = 5;                               // 1 to 100 points
};

// A rubric from its JSON text: [{"id": "need", "label": {"en": "...", "es": "..."}, "max": 10}]
// (1 to 12 lines, ids unique).
Result<std::vector<RubricLine>> ParseRubric(std::string_view json_text);
std::string RubricJson(const std::vector<RubricLine>& rubric);
const std::vector<RubricLine>& DefaultRubric();
// The stored rubric, or the default when the setting is empty or unusable.
std::vector<RubricLine> RubricOrDefault(const std::string& setting);

}  // namespace stem::hub::review
