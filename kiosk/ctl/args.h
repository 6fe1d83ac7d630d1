// Command-line arguments of one kioskctl verb: positionals and --options, checked against
// what the verb accepts so that a typo is an error, not silently ignored.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "data/status.h"

namespace stem::ctl {

struct OptionSpec {
  std::set<std::string> with_value;  // "--name VALUE"
  std::set<std::string> flags;       // "--json"
};

class Args {
 public:
  // Parses `argv` (without the verb words). Options may come before or after positionals;
  // "--" ends options; "--name=value" is accepted too.
  static Result<Args> Parse(const std::vector<std::string>& argv, const OptionSpec& spec);

  const std::vector<std::string>& positionals() const { return positionals_; }
  std::optional<std::string> Get(const std::string& name) const;
  bool Has(const std::string& name) const;
  // The value of a required option, or an InvalidArgument naming it.
  Result<std::string> Require(const std::string& name) const;
  // An integer option in [min, max].
  Result<std::optional<int64_t>> GetInt(const std::string& name, int64_t min, int64_t max) const;

 private:
  std::vector<std::string> positionals_;
  std::map<std::string, std::string> values_;
  std::set<std::string> flags_;
};

}  // namespace stem::ctl
