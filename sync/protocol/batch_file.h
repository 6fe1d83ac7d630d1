// Batch files for USB transfer: one encoded batch per file, named
// "<device>_<first>-<last>_<sha256>.stembatch", the body exactly as it would be uploaded.
// The name carries the hash, so a file damaged on the stick is refused like a damaged upload.
// Thread safety: pure functions. Errors: InvalidArgument "bad_batch_file_name".
#pragma once

#include <string>

#include "data/status.h"
#include "sync/protocol/batch_codec.h"

namespace stem::sync {

inline constexpr const char* kBatchFileExtension = ".stembatch";

std::string BatchFileName(const EncodedBatch& batch);

struct BatchFileInfo {
  std::string device_id;
  int64_t first_seq = 0;
  int64_t last_seq = 0;
  std::string sha256;
};
Result<BatchFileInfo> ParseBatchFileName(const std::string& file_name);

}  // namespace stem::sync
