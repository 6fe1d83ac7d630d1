// libFuzzer target: the form spec loader, and answer checking against whatever loads.
#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>

#include "data/forms/form_answers.h"
#include "data/forms/form_spec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  stem::forms::LoadResult loaded = stem::forms::LoadFormSpec(text);
  if (auto* spec = std::get_if<stem::forms::FormSpec>(&loaded)) {
    // Answer with an empty set and with the spec's own JSON (every id is a key somewhere).
    stem::forms::CheckAnswers(*spec, nlohmann::json::object(), "en", "2026-07-01");
    nlohmann::json guess = nlohmann::json::object();
    for (const auto& item : spec->items) guess[item.id] = "x";
    stem::forms::CheckAnswers(*spec, guess, "es", "2026-07-01");
  }
  return 0;
}
