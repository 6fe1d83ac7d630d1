#include "sync/protocol/gzip.h"

#include <zlib.h>

#include <memory>

namespace stem::sync {
namespace {

constexpr int kGzipWindowBits = 15 + 16;  // 32K window, gzip wrapper
constexpr size_t kChunk = 64 * 1024;

// Owns a z_stream; `deflating` chooses the matching end call.
class ZStream {
 public:
  explicit ZStream(bool deflating) : deflating_(deflating) {}
  ZStream(const ZStream&) = delete;
  ZStream& operator=(const ZStream&) = delete;
  ~ZStream() {
    if (!initialized_) return;
    if (deflating_) {
      deflateEnd(&z_);
    } else {
      inflateEnd(&z_);
    }
  }
  z_stream* get() { return &z_; }
  void set_initialized() { initialized_ = true; }

 private:
  z_stream z_{};
  bool deflating_;
  bool initialized_ = false;
};

Bytef* InPtr(std::string_view s) {
  // zlib's next_in is not const-qualified but is never written through.
  return reinterpret_cast<Bytef*>(const_cast<char*>(s.data()));
}

}  // namespace

Result<std::string> GzipCompress(std::string_view data) {
  ZStream zs(true);
  z_stream* z = zs.get();
  if (deflateInit2(z, 6, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return Status::Internal("zlib deflateInit2 failed");
  }
  zs.set_initialized();
  std::string out;
  out.resize(deflateBound(z, static_cast<uLong>(data.size())) + 32);
  z->next_in = InPtr(data);
  z->avail_in = static_cast<uInt>(data.size());
  z->next_out = reinterpret_cast<Bytef*>(out.data());
  z->avail_out = static_cast<uInt>(out.size());
  int rc = deflate(z, Z_FINISH);
  if (rc != Z_STREAM_END) return Status::Internal("zlib deflate did not finish");
  out.resize(z->total_out);
  return out;
}

Result<std::string> GzipDecompress(std::string_view gz, size_t max_output) {
  ZStream zs(false);
  z_stream* z = zs.get();
  if (inflateInit2(z, kGzipWindowBits) != Z_OK) return Status::Internal("zlib inflateInit2 failed");
  zs.set_initialized();
  z->next_in = InPtr(gz);
  z->avail_in = static_cast<uInt>(gz.size());
  std::string out;
  auto chunk = std::make_unique<char[]>(kChunk);
  while (true) {
    z->next_out = reinterpret_cast<Bytef*>(chunk.get());
    z->avail_out = static_cast<uInt>(kChunk);
    int rc = inflate(z, Z_NO_FLUSH);
    size_t produced = kChunk - z->avail_out;
    if (out.size() + produced > max_output) {
      return Status::InvalidArgument("too_large_decompressed",
                                     "the batch inflates to more than " +
                                         std::to_string(max_output) + " bytes");
    }
    out.append(chunk.get(), produced);
    if (rc == Z_STREAM_END) break;
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR && z->avail_in == 0) {
      return Status::InvalidArgument("bad_gzip", "the gzip stream is truncated");
    }
    return Status::InvalidArgument("bad_gzip", "the body is not a valid gzip stream");
  }
  if (z->avail_in != 0) {
    return Status::InvalidArgument("bad_gzip", "unexpected bytes after the gzip stream");
  }
  return out;
}

}  // namespace stem::sync
