// Fuzzes the hub's gate for untrusted bytes: the batch decoder (hashed as claimed, so the
// fuzzer reaches gzip and JSON), record validation, and the decoders of the messages the
// kiosk and hub exchange (ack, enrollment, roster page).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sync/protocol/batch_codec.h"
#include "sync/protocol/hash.h"
#include "sync/protocol/messages.h"
#include "sync/protocol/roster_page.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  stem::sync::BatchLimits limits;
  limits.max_decompressed_bytes = 1u << 20;
  stem::Result<stem::sync::Batch> batch =
      stem::sync::DecodeBatch(input, stem::sync::Sha256Hex(input), limits);
  if (batch.ok()) {
    for (const stem::sync::BatchRecord& r : batch->records) (void)stem::sync::ValidateRecord(r);
  }
  // The input as inflated batch text too, so the fuzzer reaches the JSON reader directly.
  (void)stem::sync::ParseBatchJson(input, limits);
  (void)stem::sync::DecodeAck(input);
  (void)stem::sync::DecodeEnrollRequest(input);
  (void)stem::sync::DecodeRosterPage(input);
  return 0;
}
