// TextFolder: splits text into search words the way people expect a roster search to match:
// lower case, accents removed ("Nguyễn" -> "nguyen", a decomposed "René" -> "rene"), split at
// spaces and punctuation ("O'Connor" -> "o", "connor"). It is SQLite's own unicode61 tokenizer
// with remove_diacritics=2, borrowed through the FTS5 API, so no folding table lives here.
//
// Ownership: borrows the connection it was made for, which must outlive it. Thread safety: as
// its connection (one thread at a time). Errors: ForConnection fails only when SQLite was built
// without FTS5.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "data/status.h"

namespace stem {

namespace sql {
class Connection;
}

class TextFolder {
 public:
  static Result<TextFolder> ForConnection(sql::Connection& db);
  TextFolder(TextFolder&&) noexcept;
  TextFolder& operator=(TextFolder&&) noexcept;
  ~TextFolder();

  // The folded words of `text`, in order. Invalid UTF-8 yields whatever the tokenizer makes
  // of it, never an error.
  std::vector<std::string> Words(std::string_view text) const;
  // The folded words joined by single spaces.
  std::string Fold(std::string_view text) const;

 private:
  struct Tokenizer;
  explicit TextFolder(std::unique_ptr<Tokenizer> t);
  std::unique_ptr<Tokenizer> tokenizer_;
};

// Registers the SQL function stem_fold(text) on `db` (used by migrations to fold names).
Status RegisterFoldFunction(sql::Connection& db);

}  // namespace stem
