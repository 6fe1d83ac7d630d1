#include "sync/protocol/batch_file.h"

#include <charconv>

#include "data/uuid.h"
#include "sync/protocol/hash.h"

namespace stem::sync {

std::string BatchFileName(const EncodedBatch& b) {
  return b.device_id + "_" + std::to_string(b.first_seq) + "-" + std::to_string(b.last_seq) +
         "_" + b.sha256 + kBatchFileExtension;
}

Result<BatchFileInfo> ParseBatchFileName(const std::string& name) {
  Status bad = Status::InvalidArgument("bad_batch_file_name",
                                       "not a batch file name: " + name.substr(0, 120));
  std::string ext = kBatchFileExtension;
  if (name.size() < ext.size() || name.compare(name.size() - ext.size(), ext.size(), ext) != 0) {
    return bad;
  }
  std::string stem = name.substr(0, name.size() - ext.size());
  size_t u1 = stem.find('_');
  size_t u2 = stem.rfind('_');
  if (u1 == std::string::npos || u1 == u2) return bad;
  BatchFileInfo info;
  info.device_id = stem.substr(0, u1);
  info.sha256 = stem.substr(u2 + 1);
  std::string range = stem.substr(u1 + 1, u2 - u1 - 1);
  size_t dash = range.find('-');
  if (dash == std::string::npos || !IsCanonicalUuid(info.device_id) || !IsSha256Hex(info.sha256)) {
    return bad;
  }
  auto num = [](std::string_view s, int64_t* out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
    return ec == std::errc() && p == s.data() + s.size() && *out >= 1;
  };
  if (!num(std::string_view(range).substr(0, dash), &info.first_seq) ||
      !num(std::string_view(range).substr(dash + 1), &info.last_seq) ||
      info.last_seq < info.first_seq) {
    return bad;
  }
  return info;
}

}  // namespace stem::sync
