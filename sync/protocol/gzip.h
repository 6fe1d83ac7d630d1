// Gzip (RFC 1952) compression for batches, through zlib.
//
// Compress is deterministic: the same input always gives the same bytes (no time stamp or
// file name in the header), so a retried batch is byte-identical.
// Decompress inflates in bounded chunks and stops as soon as the output would pass
// `max_output`: a gzip bomb costs at most `max_output` bytes of memory. It refuses truncated
// streams and trailing bytes after the gzip member.
// Thread safety: pure functions. Errors: InvalidArgument with reasons "bad_gzip",
// "too_large_decompressed"; Internal when zlib itself fails.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "data/status.h"

namespace stem::sync {

Result<std::string> GzipCompress(std::string_view data);
Result<std::string> GzipDecompress(std::string_view gz, size_t max_output);

}  // namespace stem::sync
