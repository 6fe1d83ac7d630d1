// libFuzzer target: checking fuzzed answers against each bundled form.
#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>

#include "data/forms/bundled_forms.h"
#include "data/forms/form_answers.h"
#include "data/forms/form_spec.h"
#include "data/validate.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<stem::forms::FormSpec> specs = [] {
    std::vector<stem::forms::FormSpec> out;
    for (const auto& f : stem::BundledForms()) {
      auto loaded = stem::forms::LoadFormSpec(f.json);
      if (auto* spec = std::get_if<stem::forms::FormSpec>(&loaded)) out.push_back(*spec);
    }
    return out;
  }();
  std::string text(reinterpret_cast<const char*>(data), size);
  if (!stem::validate::JsonNestingWithin(text, 32)) return 0;
  nlohmann::json answers = nlohmann::json::parse(text, nullptr, false);
  if (answers.is_discarded()) return 0;
  for (const auto& spec : specs) {
    stem::forms::CheckedAnswers checked = stem::forms::CheckAnswers(spec, answers, "es", "2026-07-01");
    if (checked.ok()) (void)stem::validate::DumpJson(checked.kept);
  }
  return 0;
}
