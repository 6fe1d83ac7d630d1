// Status and Result<T>: errors as values for data/ and sync/.
//
// A Status is either ok or carries a Code, a stable machine-readable `reason` slug
// (for example "duplicate_checkin") that user interfaces map to words in the user's
// language, and an English detail for administrators and logs. The detail never
// contains answers or other personal data.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace stem {

class Status {
 public:
  enum class Code {
    kOk,
    kInvalidArgument,  // the caller's input is malformed or out of range
    kNotFound,         // a referenced thing does not exist
    kAlreadyExists,    // would duplicate something unique
    kConflict,         // the request clashes with current state (duplicate check-in, full session)
    kDenied,           // a secret (pickup code) did not match
    kNotAStore,        // the file is not a kiosk store (not SQLite, another app's database)
    kCorruption,       // the file failed its integrity check
    kTooNew,           // the file was written by a newer version of this software
    kIoError,          // the disk or the OS failed
    kBusy,             // another process holds the database for too long
    kInternal,         // a bug: a broken invariant
  };

  Status() = default;

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string reason, std::string detail) {
    return Status(Code::kInvalidArgument, std::move(reason), std::move(detail));
  }
  static Status NotFound(std::string reason, std::string detail) {
    return Status(Code::kNotFound, std::move(reason), std::move(detail));
  }
  static Status AlreadyExists(std::string reason, std::string detail) {
    return Status(Code::kAlreadyExists, std::move(reason), std::move(detail));
  }
  static Status Conflict(std::string reason, std::string detail) {
    return Status(Code::kConflict, std::move(reason), std::move(detail));
  }
  static Status Denied(std::string reason, std::string detail) {
    return Status(Code::kDenied, std::move(reason), std::move(detail));
  }
  static Status NotAStore(std::string detail) {
    return Status(Code::kNotAStore, "not_a_store", std::move(detail));
  }
  static Status Corruption(std::string detail) {
    return Status(Code::kCorruption, "corrupt_store", std::move(detail));
  }
  static Status TooNew(std::string detail) {
    return Status(Code::kTooNew, "store_too_new", std::move(detail));
  }
  static Status IoError(std::string detail) {
    return Status(Code::kIoError, "io_error", std::move(detail));
  }
  static Status Busy(std::string detail) {
    return Status(Code::kBusy, "busy", std::move(detail));
  }
  static Status Internal(std::string detail) {
    return Status(Code::kInternal, "internal", std::move(detail));
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& reason() const { return reason_; }
  const std::string& detail() const { return detail_; }
  // One line for an administrator: the detail, or the reason when there is none.
  std::string ToString() const { return ok() ? "ok" : (detail_.empty() ? reason_ : detail_); }

 private:
  Status(Code code, std::string reason, std::string detail)
      : code_(code), reason_(std::move(reason)), detail_(std::move(detail)) {}

  Code code_ = Code::kOk;
  std::string reason_;
  std::string detail_;
};

// Either a value or a non-ok Status.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}             // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}      // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace stem

// Early-return helpers, in the LevelDB habit.
#define STEM_RETURN_IF_ERROR(expr)          \
  do {                                      \
    ::stem::Status stem_status_ = (expr);   \
    if (!stem_status_.ok()) return stem_status_; \
  } while (0)

#define STEM_CONCAT_INNER(a, b) a##b
#define STEM_CONCAT(a, b) STEM_CONCAT_INNER(a, b)
#define STEM_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                               \
  if (!tmp.ok()) return tmp.status();              \
  lhs = std::move(tmp).value()
#define STEM_ASSIGN_OR_RETURN(lhs, expr) \
  STEM_ASSIGN_OR_RETURN_IMPL(STEM_CONCAT(stem_result_, __LINE__), lhs, expr)
