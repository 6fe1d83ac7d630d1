// ParseBatchJson: the hub's reader of a batch document, written for this one shape.
//
// A general JSON tree costs the hub more than storing the records does (every character goes
// through a generic lexer, every value into a node); this reader goes through the text once,
// copying each string straight into its BatchRecord field. It is a strict RFC 8259 parser
// (UTF-8 checked, surrogate pairs, no trailing bytes), so what it accepts and refuses is what
// the tree parser did: any syntax error is "bad_json"; a well-formed document of the wrong
// shape gets the same "bad_batch" / "too_many_records" reasons, checked in the same order.
// One difference, stricter: a key given twice is refused (a tree kept the last one).
// Recursion is bounded by the nesting check DecodeBatch runs first (and by kMaxDepth here).
#include <cstring>

#include "data/text.h"
#include "data/uuid.h"
#include "sync/protocol/batch_codec.h"

namespace stem::sync {
namespace {

constexpr int kMaxDepth = 64;
constexpr const char* kExactBatchFields =
    "a batch must have exactly the fields format, device_id, first_seq, last_seq and records";
constexpr const char* kExactRecordFields =
    "a record must have exactly the fields seq, id, type, event_id, person_id, supersedes, "
    "created_at and payload";

Status BadBatch(const std::string& detail) { return Status::InvalidArgument("bad_batch", detail); }

void AppendUtf8(std::string* out, uint32_t cp) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The reading position; `ok` turns false at the first syntax error and stays false.
class Reader {
 public:
  explicit Reader(std::string_view text)
      : p_(reinterpret_cast<const unsigned char*>(text.data())), end_(p_ + text.size()) {}

  bool ok() const { return ok_; }
  bool Fail() { return ok_ = false; }
  void Ws() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
  }
  // The next byte after white space, or 0 at the end.
  unsigned char Peek() {
    Ws();
    return p_ < end_ ? *p_ : 0;
  }
  bool Eat(unsigned char c) {
    if (Peek() != c) return false;
    ++p_;
    return true;
  }
  bool AtEnd() {
    Ws();
    return p_ == end_;
  }

  // A string into *out (appended; nullptr skips it). False on a syntax error.
  bool String(std::string* out) {
    if (!Eat('"')) return Fail();
    while (true) {
      const unsigned char* run = p_;
      unsigned char high = 0;
      while (p_ < end_ && *p_ != '"' && *p_ != '\\' && *p_ >= 0x20) high |= *p_++;
      if (high >= 0x80 && !IsValidUtf8(std::string_view(reinterpret_cast<const char*>(run),
                                                         static_cast<size_t>(p_ - run)))) {
        return Fail();
      }
      if (out) out->append(reinterpret_cast<const char*>(run), static_cast<size_t>(p_ - run));
      if (p_ == end_ || *p_ < 0x20) return Fail();
      if (*p_++ == '"') return true;
      if (p_ == end_) return Fail();
      unsigned char e = *p_++;
      char plain = 0;
      switch (e) {
        case '"': plain = '"'; break;
        case '\\': plain = '\\'; break;
        case '/': plain = '/'; break;
        case 'b': plain = '\b'; break;
        case 'f': plain = '\f'; break;
        case 'n': plain = '\n'; break;
        case 'r': plain = '\r'; break;
        case 't': plain = '\t'; break;
        case 'u': {
          uint32_t cp;
          if (!Hex4(&cp)) return Fail();
          if (cp >= 0xDC00 && cp <= 0xDFFF) return Fail();  // a low surrogate alone
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t low;
            if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return Fail();
            p_ += 2;
            if (!Hex4(&low) || low < 0xDC00 || low > 0xDFFF) return Fail();
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          if (out) AppendUtf8(out, cp);
          continue;
        }
        default: return Fail();
      }
      if (out) *out += plain;
    }
  }

  // A number. *integer tells whether it is a JSON integer that fits an int64_t (*value).
  bool Number(bool* integer, int64_t* value) {
    Ws();
    bool negative = p_ < end_ && *p_ == '-';
    if (negative) ++p_;
    if (p_ == end_ || *p_ < '0' || *p_ > '9') return Fail();
    bool fits = true;
    uint64_t magnitude = 0;
    if (*p_ == '0') {
      ++p_;
    } else {
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') {
        uint64_t digit = *p_++ - '0';
        if (magnitude > (UINT64_MAX - digit) / 10) fits = false;
        magnitude = magnitude * 10 + digit;
      }
    }
    bool fraction = false;
    if (p_ < end_ && *p_ == '.') {
      fraction = true;
      ++p_;
      if (p_ == end_ || *p_ < '0' || *p_ > '9') return Fail();
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      fraction = true;
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_ || *p_ < '0' || *p_ > '9') return Fail();
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    uint64_t limit = negative ? (uint64_t{1} << 63) : static_cast<uint64_t>(INT64_MAX);
    *integer = !fraction && fits && magnitude <= limit;
    if (*integer) {
      *value = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
    }
    return true;
  }

  // Any value, checked and thrown away.
  bool Skip(int depth) {
    if (depth > kMaxDepth) return Fail();
    unsigned char c = Peek();
    bool integer;
    int64_t v;
    switch (c) {
      case '"': return String(nullptr);
      case '{':
        ++p_;
        if (Eat('}')) return true;
        do {
          if (!String(nullptr) || !Eat(':') || !Skip(depth + 1)) return Fail();
        } while (Eat(','));
        return Eat('}') || Fail();
      case '[':
        ++p_;
        if (Eat(']')) return true;
        do {
          if (!Skip(depth + 1)) return Fail();
        } while (Eat(','));
        return Eat(']') || Fail();
      case 't': return Word("true");
      case 'f': return Word("false");
      case 'n': return Word("null");
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return Number(&integer, &v);
        return Fail();
    }
  }

 private:
  bool Hex4(uint32_t* cp) {
    if (end_ - p_ < 4) return false;
    *cp = 0;
    for (int i = 0; i < 4; ++i) {
      unsigned char h = *p_++;
      uint32_t d;
      if (h >= '0' && h <= '9') d = h - '0';
      else if (h >= 'a' && h <= 'f') d = h - 'a' + 10;
      else if (h >= 'A' && h <= 'F') d = h - 'A' + 10;
      else return false;
      *cp = *cp * 16 + d;
    }
    return true;
  }
  bool Word(const char* w) {
    size_t n = std::strlen(w);
    if (static_cast<size_t>(end_ - p_) < n || std::memcmp(p_, w, n) != 0) return Fail();
    p_ += n;
    return true;
  }

  const unsigned char* p_;
  const unsigned char* end_;
  bool ok_ = true;
};

// What a record's fields looked like, for the first problem in the tree decoder's order.
struct RecordShape {
  int fields = 0;
  bool duplicate_or_unknown = false;
  bool bad_seq = false;
  bool bad_string = false;
};

// One record object into *r (nullptr: check and skip). Returns false on a syntax error;
// *problem gets the shape error ("" when the record is fine).
bool ReadRecord(Reader& in, BatchRecord* r, std::string* problem) {
  if (in.Peek() != '{') {
    *problem = kExactRecordFields;
    return in.Skip(1);
  }
  in.Eat('{');
  RecordShape shape;
  uint32_t seen = 0;
  BatchRecord scratch;
  BatchRecord& out = r ? *r : scratch;
  struct Field {
    const char* name;
    std::string* text;
    size_t max;
  };
  const Field fields[] = {{"seq", nullptr, 0},
                          {"id", &out.id, 64},
                          {"type", &out.type, 64},
                          {"event_id", &out.event_id, 256},
                          {"person_id", &out.person_id, 256},
                          {"supersedes", &out.supersedes, 256},
                          {"created_at", &out.created_at, 64},
                          {"payload", &out.payload, 16u << 20}};
  std::string key;
  if (!in.Eat('}')) {
    do {
      key.clear();
      if (!in.String(&key) || !in.Eat(':')) return in.Fail();
      int which = -1;
      for (int i = 0; i < 8; ++i) {
        if (key == fields[i].name) which = i;
      }
      if (which < 0 || (seen & (1u << which))) {
        shape.duplicate_or_unknown = true;
        if (!in.Skip(2)) return false;
        continue;
      }
      seen |= 1u << which;
      ++shape.fields;
      unsigned char c = in.Peek();
      if (which == 0) {
        bool integer = false;
        if (c == '-' || (c >= '0' && c <= '9')) {
          if (!in.Number(&integer, &out.seq)) return false;
        } else if (!in.Skip(2)) {
          return false;
        }
        if (!integer || out.seq < 1) shape.bad_seq = true;
      } else if (c == '"') {
        std::string* dest = r ? fields[which].text : nullptr;
        if (dest) dest->clear();
        if (!in.String(dest)) return false;
        if (dest && dest->size() > fields[which].max) shape.bad_string = true;
      } else {
        shape.bad_string = true;
        if (!in.Skip(2)) return false;
      }
    } while (in.Eat(','));
    if (!in.Eat('}')) return in.Fail();
  }
  if (shape.duplicate_or_unknown || shape.fields != 8) {
    *problem = kExactRecordFields;
  } else if (shape.bad_seq) {
    *problem = "record seq must be an integer >= 1";
  } else if (shape.bad_string) {
    *problem = "a record field has the wrong type or is too long";
  } else {
    problem->clear();
  }
  return true;
}

}  // namespace

Result<Batch> ParseBatchJson(std::string_view text, const BatchLimits& limits) {
  Reader in(text);
  Status not_json = Status::InvalidArgument("bad_json", "the batch is not valid JSON");
  if (in.Peek() != '{') {
    if (!in.Skip(0) || !in.AtEnd()) return not_json;
    return BadBatch(kExactBatchFields);
  }
  in.Eat('{');
  Batch b;
  uint32_t seen = 0;
  bool exact = true;
  bool format_ok = false, device_ok = false, first_ok = false, last_ok = false;
  bool records_array = false;
  size_t count = 0;
  std::string record_problem;
  if (!in.Eat('}')) {
    do {
      std::string key;
      if (!in.String(&key) || !in.Eat(':')) return not_json;
      static constexpr const char* kKeys[] = {"format", "device_id", "first_seq", "last_seq",
                                              "records"};
      int which = -1;
      for (int i = 0; i < 5; ++i) {
        if (key == kKeys[i]) which = i;
      }
      if (which < 0 || (seen & (1u << which))) {
        exact = false;
        if (!in.Skip(1)) return not_json;
        continue;
      }
      seen |= 1u << which;
      unsigned char c = in.Peek();
      if (which == 0 || which == 1) {
        if (c != '"') {
          if (!in.Skip(1)) return not_json;
          continue;
        }
        std::string value;
        if (!in.String(&value)) return not_json;
        if (which == 0) {
          format_ok = value == kBatchFormat;
        } else {
          device_ok = value.size() <= 64 && IsCanonicalUuid(value);
          b.device_id = std::move(value);
        }
      } else if (which == 2 || which == 3) {
        bool integer = false;
        int64_t v = 0;
        if (c == '-' || (c >= '0' && c <= '9')) {
          if (!in.Number(&integer, &v)) return not_json;
        } else if (!in.Skip(1)) {
          return not_json;
        }
        (which == 2 ? first_ok : last_ok) = integer;
        (which == 2 ? b.first_seq : b.last_seq) = v;
      } else {
        if (c != '[') {
          if (!in.Skip(1)) return not_json;
          continue;
        }
        records_array = true;
        in.Eat('[');
        if (in.Eat(']')) continue;
        do {
          // Records are kept until the first one with a problem and up to the cap; the rest
          // are only checked for syntax and counted.
          bool keep = record_problem.empty() && b.records.size() < limits.max_records;
          std::string problem;
          if (keep) b.records.emplace_back();
          if (!ReadRecord(in, keep ? &b.records.back() : nullptr, &problem)) return not_json;
          if (keep && !problem.empty()) {
            b.records.pop_back();
            record_problem = std::move(problem);
          }
          ++count;
        } while (in.Eat(','));
        if (!in.Eat(']')) return not_json;
      }
    } while (in.Eat(','));
    if (!in.Eat('}')) return not_json;
  }
  if (!in.AtEnd() || !in.ok()) return not_json;

  // The same checks, in the same order, as on a tree.
  if (!exact || seen != 0x1F) return BadBatch(kExactBatchFields);
  if (!format_ok) return BadBatch(std::string("unsupported batch format (expected ") + kBatchFormat + ")");
  if (!device_ok) return BadBatch("device_id must be a UUID");
  if (!first_ok || !last_ok || b.first_seq < 1 || b.last_seq < b.first_seq) {
    return BadBatch("first_seq and last_seq must be integers with 1 <= first_seq <= last_seq");
  }
  if (!records_array) return BadBatch("records must be an array");
  if (count > limits.max_records) {
    return Status::InvalidArgument("too_many_records", "the batch has more than " +
                                                           std::to_string(limits.max_records) +
                                                           " records");
  }
  if (static_cast<int64_t>(count) != b.last_seq - b.first_seq + 1) {
    return BadBatch("the number of records does not match the seq range");
  }
  for (size_t i = 0; i < b.records.size(); ++i) {
    if (b.records[i].seq != b.first_seq + static_cast<int64_t>(i)) {
      return BadBatch("record seqs must run from first_seq to last_seq in order");
    }
  }
  // The records before the first one with a problem were in order (checked above).
  if (!record_problem.empty()) return BadBatch(record_problem);
  return b;
}

}  // namespace stem::sync
