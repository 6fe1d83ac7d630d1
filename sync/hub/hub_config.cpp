#include "sync/hub/hub_config.h"

#include <array>
#include <fstream>
#include <string_view>

namespace stem::hub {
namespace {

constexpr size_t kMaxConfigBytes = 64 * 1024;
constexpr std::array<std::string_view, 8> kKeys = {
    "db", "listen", "tls-cert", "tls-key", "max-batch-bytes", "trusted-proxy",
    "connections-per-address", "head-deadline-ms"};

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

}  // namespace

Result<std::map<std::string, std::string>> ParseHubConfig(const std::string& text,
                                                          const std::string& name) {
  if (text.size() > kMaxConfigBytes) {
    return Status::InvalidArgument("bad_config", name + " is larger than 64 KiB");
  }
  std::map<std::string, std::string> options;
  size_t start = 0;
  for (int line_no = 1; start <= text.size(); ++line_no) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = Trim(std::string_view(text).substr(start, end - start));
    start = end + 1;
    if (line.empty() || line[0] == '#') continue;
    std::string where = name + " line " + std::to_string(line_no);
    size_t eq = line.find('=');
    if (eq == std::string::npos) {
      return Status::InvalidArgument("bad_config", where + ": expected key = value");
    }
    std::string key = Trim(std::string_view(line).substr(0, eq));
    std::string value = Trim(std::string_view(line).substr(eq + 1));
    bool known = false;
    for (std::string_view k : kKeys) known = known || k == key;
    if (!known) {
      return Status::InvalidArgument(
          "bad_config", where + ": unknown setting \"" + key.substr(0, 40) +
                            "\" (known: db, listen, tls-cert, tls-key, max-batch-bytes, trusted-proxy, "
                            "connections-per-address, head-deadline-ms)");
    }
    if (value.empty()) return Status::InvalidArgument("bad_config", where + ": " + key + " is empty");
    if (!options.emplace("--" + key, value).second) {
      return Status::InvalidArgument("bad_config", where + ": " + key + " is set twice");
    }
  }
  return options;
}

Result<std::map<std::string, std::string>> ReadHubConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot_read_config", "cannot read the config file " + path);
  std::string text;
  char buf[4096];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<size_t>(in.gcount()));
    if (text.size() > kMaxConfigBytes) break;  // ParseHubConfig refuses it
  }
  if (in.bad()) return Status::IoError("cannot read the config file " + path);
  return ParseHubConfig(text, path);
}

}  // namespace stem::hub
