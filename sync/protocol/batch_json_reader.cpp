// ParseBatchJson: the hub's reader of a batch document, on nlohmann's SAX parser.
//
// nlohmann::json::sax_parse does the lexing and the grammar (strict RFC 8259: UTF-8 checked,
// surrogate pairs, no trailing bytes); BatchSax, below, takes its events and copies each string
// straight into its BatchRecord field, so no json tree is built. What it accepts and refuses is
// what the json-tree decoder it replaced did: any syntax error is "bad_json"; a well-formed
// document of the wrong shape gets the same "bad_batch" / "too_many_records" reasons, checked
// in the same order. Stricter in two ways: a key given twice is refused (a tree kept the last
// one), and so is a leading byte order mark (nlohmann skips one; RFC 8259 forbids sending it).
// The parser is not recursive; BatchSax still refuses nesting deeper than kMaxDepth.
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "data/uuid.h"
#include "sync/protocol/batch_codec.h"

namespace stem::sync {
namespace {

using nlohmann::json;

constexpr int kMaxDepth = 64;
constexpr const char* kExactBatchFields =
    "a batch must have exactly the fields format, device_id, first_seq, last_seq and records";
constexpr const char* kExactRecordFields =
    "a record must have exactly the fields seq, id, type, event_id, person_id, supersedes, "
    "created_at and payload";
constexpr std::string_view kBatchKeys[] = {"format", "device_id", "first_seq", "last_seq",
                                           "records"};
enum BatchKey { kFormat, kDeviceId, kFirstSeq, kLastSeq, kRecords };
constexpr std::string_view kRecordKeys[] = {"seq",       "id",         "type",       "event_id",
                                            "person_id", "supersedes", "created_at", "payload"};
// The text field for each of kRecordKeys (seq is a number).
constexpr std::string BatchRecord::*kRecordText[] = {nullptr,
                                                     &BatchRecord::id,
                                                     &BatchRecord::type,
                                                     &BatchRecord::event_id,
                                                     &BatchRecord::person_id,
                                                     &BatchRecord::supersedes,
                                                     &BatchRecord::created_at,
                                                     &BatchRecord::payload};
constexpr size_t kRecordMax[] = {0, 64, 64, 256, 256, 256, 64, 16u << 20};

// The index of `key` in names[0..n) the first time it comes (marked in *seen); -1 for a key
// that is unknown or given again.
int FirstUseOfKey(const std::string& key, const std::string_view* names, int n, uint32_t* seen) {
  for (int i = 0; i < n; ++i) {
    if (key != names[i]) continue;
    if (*seen & (1u << i)) return -1;
    *seen |= 1u << i;
    return i;
  }
  return -1;
}

// A scalar as the batch sees it: an int64 integer, a string, or something else.
struct Scalar {
  bool integer = false;
  int64_t value = 0;
  std::string* text = nullptr;  // the parser's buffer, which may be moved from
};

// The events of one batch document into a Batch (records up to max_records, and only until
// the first record with a problem), with what the checks after parsing need to know.
// Values are told apart by where they are: depth 1 is the batch object's fields, depth 2 the
// elements of its records array, depth 3 a record's fields; anything deeper is skipped.
// One use per document. Returning false stops the parse; it happens only for nesting deeper
// than kMaxDepth or a syntax error, both "bad_json".
class BatchSax final : public nlohmann::json_sax<json> {
 public:
  BatchSax(Batch* batch, size_t max_records) : batch_(batch), max_records_(max_records) {}

  bool null() override { return OnScalar({}); }
  bool boolean(bool) override { return OnScalar({}); }
  bool number_integer(number_integer_t v) override { return OnScalar({true, v}); }
  bool number_unsigned(number_unsigned_t v) override {
    bool fits = v <= static_cast<number_unsigned_t>(INT64_MAX);
    return OnScalar({fits, fits ? static_cast<int64_t>(v) : 0});
  }
  bool number_float(number_float_t, const string_t&) override { return OnScalar({}); }
  bool string(string_t& s) override { return OnScalar({false, 0, &s}); }
  bool binary(binary_t&) override { return OnScalar({}); }

  bool start_object(std::size_t) override {
    if (depth_ == 0) {
      top_object_ = true;
    } else if (depth_ == 2 && in_records_) {
      StartRecord();
    } else {
      OnContainer();
    }
    return ++depth_ <= kMaxDepth;
  }
  bool end_object() override {
    if (depth_ == 3 && in_record_) EndRecord();
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    if (depth_ == 1 && top_object_ && batch_field_ == kRecords) {
      records_array_ = true;
      in_records_ = true;
    } else {
      OnContainer();
    }
    return ++depth_ <= kMaxDepth;
  }
  bool end_array() override {
    if (depth_ == 2) in_records_ = false;
    --depth_;
    return true;
  }
  bool key(string_t& k) override {
    if (depth_ == 1 && top_object_) {
      batch_field_ = FirstUseOfKey(k, kBatchKeys, 5, &batch_seen_);
      if (batch_field_ < 0) exact_ = false;
    } else if (depth_ == 3 && in_record_) {
      record_field_ = FirstUseOfKey(k, kRecordKeys, 8, &record_seen_);
      if (record_field_ < 0) duplicate_or_unknown_ = true;
    }
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

  // What the checks after parsing need.
  bool top_object() const { return top_object_; }
  bool exact() const { return exact_ && batch_seen_ == 0x1F; }
  bool format_ok() const { return format_ok_; }
  bool device_ok() const { return device_ok_; }
  bool seqs_are_integers() const { return first_ok_ && last_ok_; }
  bool records_array() const { return records_array_; }
  size_t count() const { return count_; }
  const std::string& record_problem() const { return record_problem_; }

 private:
  bool OnScalar(Scalar v) {
    if (depth_ == 1 && top_object_) {
      BatchField(v);
    } else if (depth_ == 2 && in_records_) {
      if (StartElement()) Drop(kExactRecordFields);  // a record that is not an object
    } else if (depth_ == 3 && in_record_) {
      RecordField(v);
    }
    return true;
  }
  // An object or array where the batch or a record wants a scalar: the wrong type.
  void OnContainer() {
    if (depth_ == 2 && in_records_) {
      if (StartElement()) Drop(kExactRecordFields);
    } else if (depth_ == 3 && in_record_) {
      if (record_field_ == 0) bad_seq_ = true;
      if (record_field_ > 0) bad_string_ = true;
    }
  }

  void BatchField(const Scalar& v) {
    if (batch_field_ == kFormat && v.text) {
      format_ok_ = *v.text == kBatchFormat;
    } else if (batch_field_ == kDeviceId && v.text) {
      batch_->device_id = std::move(*v.text);
      device_ok_ = batch_->device_id.size() <= 64 && IsCanonicalUuid(batch_->device_id);
    } else if (batch_field_ == kFirstSeq && v.integer) {
      first_ok_ = true;
      batch_->first_seq = v.value;
    } else if (batch_field_ == kLastSeq && v.integer) {
      last_ok_ = true;
      batch_->last_seq = v.value;
    }
  }

  // One more element of the records array; true when it is kept (appended to the batch).
  // Records are kept until the first one with a problem and up to the cap; the rest are
  // only checked for syntax and counted.
  bool StartElement() {
    ++count_;
    keep_ = record_problem_.empty() && batch_->records.size() < max_records_;
    if (keep_) batch_->records.emplace_back();
    return keep_;
  }
  // The kept record has a problem: it and every record after it stay out of the batch.
  void Drop(const char* problem) {
    batch_->records.pop_back();
    record_problem_ = problem;
    keep_ = false;
  }
  void StartRecord() {
    StartElement();
    in_record_ = true;
    record_field_ = -1;
    record_seen_ = 0;
    duplicate_or_unknown_ = bad_seq_ = bad_string_ = false;
  }
  void RecordField(const Scalar& v) {
    if (record_field_ == 0) {
      if (keep_) batch_->records.back().seq = v.value;
      if (!v.integer || v.value < 1) bad_seq_ = true;
    } else if (record_field_ > 0) {
      if (!v.text) {
        bad_string_ = true;
      } else if (keep_) {
        std::string& dest = batch_->records.back().*kRecordText[record_field_];
        dest.assign(*v.text);  // a copy: the parser keeps its grown buffer for the next string
        if (dest.size() > kRecordMax[record_field_]) bad_string_ = true;
      }
    }
  }
  // The first problem in the tree decoder's order.
  void EndRecord() {
    in_record_ = false;
    if (!keep_) return;
    if (duplicate_or_unknown_ || record_seen_ != 0xFF) {
      Drop(kExactRecordFields);
    } else if (bad_seq_) {
      Drop("record seq must be an integer >= 1");
    } else if (bad_string_) {
      Drop("a record field has the wrong type or is too long");
    }
  }

  Batch* batch_;
  size_t max_records_;
  int depth_ = 0;
  // The batch object.
  bool top_object_ = false;
  int batch_field_ = -1;  // a BatchKey, or -1 for a field that is skipped
  uint32_t batch_seen_ = 0;
  bool exact_ = true;
  bool format_ok_ = false, device_ok_ = false, first_ok_ = false, last_ok_ = false;
  bool records_array_ = false;
  bool in_records_ = false;  // inside the records array (its elements are at depth 2)
  size_t count_ = 0;
  std::string record_problem_;
  // The record being read (its fields are at depth 3).
  bool in_record_ = false;
  bool keep_ = false;
  int record_field_ = -1;  // index in kRecordKeys, or -1 for a field that is skipped
  uint32_t record_seen_ = 0;
  bool duplicate_or_unknown_ = false, bad_seq_ = false, bad_string_ = false;
};

Status BadBatch(const std::string& detail) { return Status::InvalidArgument("bad_batch", detail); }

}  // namespace

Result<Batch> ParseBatchJson(std::string_view text, const BatchLimits& limits) {
  Status not_json = Status::InvalidArgument("bad_json", "the batch is not valid JSON");
  if (text.starts_with("\xEF\xBB\xBF")) return not_json;
  Batch b;
  BatchSax sax(&b, limits.max_records);
  if (!json::sax_parse(text.data(), text.data() + text.size(), &sax)) return not_json;

  // The same checks, in the same order, as on a tree.
  if (!sax.top_object() || !sax.exact()) return BadBatch(kExactBatchFields);
  if (!sax.format_ok()) {
    return BadBatch(std::string("unsupported batch format (expected ") + kBatchFormat + ")");
  }
  if (!sax.device_ok()) return BadBatch("device_id must be a UUID");
  if (!sax.seqs_are_integers() || b.first_seq < 1 || b.last_seq < b.first_seq) {
    return BadBatch("first_seq and last_seq must be integers with 1 <= first_seq <= last_seq");
  }
  if (!sax.records_array()) return BadBatch("records must be an array");
  if (sax.count() > limits.max_records) {
    return Status::InvalidArgument(
        "too_many_records",
        "the batch has more than " + std::to_string(limits.max_records) + " records");
  }
  if (static_cast<int64_t>(sax.count()) != b.last_seq - b.first_seq + 1) {
    return BadBatch("the number of records does not match the seq range");
  }
  for (size_t i = 0; i < b.records.size(); ++i) {
    if (b.records[i].seq != b.first_seq + static_cast<int64_t>(i)) {
      return BadBatch("record seqs must run from first_seq to last_seq in order");
    }
  }
  // The records before the first one with a problem were in order (checked above).
  if (!sax.record_problem().empty()) return BadBatch(sax.record_problem());
  return b;
}

}  // namespace stem::sync
