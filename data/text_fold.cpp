#include "data/text_fold.h"

#include <sqlite3.h>

#include <climits>

#include "data/sqlite/sqlite.h"

namespace stem {

struct TextFolder::Tokenizer {
  fts5_tokenizer api{};
  Fts5Tokenizer* handle = nullptr;
  ~Tokenizer() {
    if (handle != nullptr) api.xDelete(handle);
  }
};

namespace {

// FTS5 hands out its API only through a pointer bound to "SELECT fts5(?1)".
fts5_api* Fts5Api(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &raw, nullptr) != SQLITE_OK) {
    sqlite3_finalize(raw);
    return nullptr;
  }
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw, sqlite3_finalize);
  sqlite3_bind_pointer(stmt.get(), 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(stmt.get());
  return api;
}

int CollectWord(void* out, int flags, const char* token, int size, int /*start*/, int /*end*/) {
  // Colocated tokens are synonyms; unicode61 makes none, but they would not be new words.
  if ((flags & FTS5_TOKEN_COLOCATED) == 0 && size > 0) {
    static_cast<std::vector<std::string>*>(out)->emplace_back(token, static_cast<size_t>(size));
  }
  return SQLITE_OK;
}

void FoldSqlFunction(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (argc != 1 || sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_null(ctx);
    return;
  }
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  int size = sqlite3_value_bytes(argv[0]);
  const auto* folder = static_cast<const TextFolder*>(sqlite3_user_data(ctx));
  std::string folded = folder->Fold(std::string_view(text ? text : "", static_cast<size_t>(size)));
  sqlite3_result_text(ctx, folded.data(), static_cast<int>(folded.size()), SQLITE_TRANSIENT);
}

}  // namespace

TextFolder::TextFolder(std::unique_ptr<Tokenizer> t) : tokenizer_(std::move(t)) {}
TextFolder::TextFolder(TextFolder&&) noexcept = default;
TextFolder& TextFolder::operator=(TextFolder&&) noexcept = default;
TextFolder::~TextFolder() = default;

Result<TextFolder> TextFolder::ForConnection(sql::Connection& db) {
  fts5_api* fts = Fts5Api(db.raw());
  if (fts == nullptr) return Status::Internal("this SQLite has no FTS5, which roster search needs");
  auto t = std::make_unique<Tokenizer>();
  void* user_data = nullptr;
  if (fts->xFindTokenizer(fts, "unicode61", &user_data, &t->api) != SQLITE_OK) {
    return Status::Internal("SQLite's unicode61 tokenizer is missing");
  }
  const char* args[] = {"remove_diacritics", "2"};
  if (t->api.xCreate(user_data, args, 2, &t->handle) != SQLITE_OK) {
    t->handle = nullptr;
    return Status::Internal("cannot create SQLite's unicode61 tokenizer");
  }
  return TextFolder(std::move(t));
}

std::vector<std::string> TextFolder::Words(std::string_view text) const {
  std::vector<std::string> words;
  if (text.empty() || text.size() > INT_MAX) return words;
  tokenizer_->api.xTokenize(tokenizer_->handle, &words, FTS5_TOKENIZE_DOCUMENT, text.data(),
                            static_cast<int>(text.size()), CollectWord);
  return words;
}

std::string TextFolder::Fold(std::string_view text) const {
  std::string out;
  for (const std::string& w : Words(text)) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

Status RegisterFoldFunction(sql::Connection& db) {
  STEM_ASSIGN_OR_RETURN(TextFolder folder, TextFolder::ForConnection(db));
  auto* owned = new TextFolder(std::move(folder));
  int rc = sqlite3_create_function_v2(
      db.raw(), "stem_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, owned, FoldSqlFunction,
      nullptr, nullptr, [](void* p) { delete static_cast<TextFolder*>(p); });
  // On failure SQLite has already called the destructor on `owned`.
  if (rc != SQLITE_OK) return sql::StatusFromSqlite(db.raw(), rc, "cannot register stem_fold");
  return Status::Ok();
}

}  // namespace stem
