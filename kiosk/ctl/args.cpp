#include "kiosk/ctl/args.h"

#include <charconv>

namespace stem::ctl {

Result<Args> Args::Parse(const std::vector<std::string>& argv, const OptionSpec& spec) {
  Args args;
  bool options_done = false;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (options_done || a.size() < 3 || a.rfind("--", 0) != 0) {
      if (a == "--") {
        options_done = true;
        continue;
      }
      args.positionals_.push_back(a);
      continue;
    }
    std::string name = a.substr(2);
    std::optional<std::string> inline_value;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (spec.flags.count(name)) {
      if (inline_value) {
        return Status::InvalidArgument("usage", "--" + name + " takes no value");
      }
      args.flags_.insert(name);
    } else if (spec.with_value.count(name)) {
      if (args.values_.count(name)) {
        return Status::InvalidArgument("usage", "--" + name + " is given twice");
      }
      if (inline_value) {
        args.values_[name] = *inline_value;
      } else if (i + 1 < argv.size()) {
        args.values_[name] = argv[++i];
      } else {
        return Status::InvalidArgument("usage", "--" + name + " needs a value");
      }
    } else {
      return Status::InvalidArgument("usage", "unknown option --" + name);
    }
  }
  return args;
}

std::optional<std::string> Args::Get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

bool Args::Has(const std::string& name) const {
  return flags_.count(name) > 0 || values_.count(name) > 0;
}

Result<std::string> Args::Require(const std::string& name) const {
  auto v = Get(name);
  if (!v) return Status::InvalidArgument("usage", "--" + name + " is required");
  return *v;
}

Result<std::optional<int64_t>> Args::GetInt(const std::string& name, int64_t min,
                                            int64_t max) const {
  auto v = Get(name);
  if (!v) return std::optional<int64_t>();
  int64_t n = 0;
  auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || ptr != v->data() + v->size() || n < min || n > max) {
    return Status::InvalidArgument("usage", "--" + name + " must be a whole number from " +
                                                std::to_string(min) + " to " +
                                                std::to_string(max));
  }
  return std::optional<int64_t>(n);
}

}  // namespace stem::ctl
