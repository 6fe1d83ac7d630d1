// Applications saved for later: sealed drafts that never leave this kiosk.
#include <sodium.h>

#include <charconv>

#include "data/drafts/draft_seal.h"
#include "data/pickup_code.h"
#include "data/store/store_internal.h"
#include "data/uuid.h"
#include "data/validate.h"

namespace stem {
namespace {

constexpr const char* kSaltSetting = "draft_salt";
constexpr const char* kDaysSetting = "draft_days";
constexpr int kDefaultDraftDays = 14;
constexpr int kMaxDraftDays = 90;
// An expired draft keeps its proof this long so that its family hears "expired".
constexpr auto kTombstoneKept = std::chrono::hours(24 * 30);
constexpr size_t kMaxDraftBytes = 1 << 20;

std::string Hex(const std::string& bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                 bytes.size());
  out.pop_back();
  return out;
}

bool FromHex(const std::string& hex, std::string* out) {
  out->assign(hex.size() / 2, '\0');
  size_t len = 0;
  return sodium_hex2bin(reinterpret_cast<unsigned char*>(out->data()), out->size(), hex.data(),
                        hex.size(), nullptr, &len, nullptr) == 0 &&
         len == drafts::kSaltBytes;
}

Status NotFound() {
  return Status::NotFound("draft_not_found", "no draft opens with this code and birth date");
}

}  // namespace

Result<std::optional<std::string>> Store::Private::DraftSalt(bool create) {
  Store::Private& p = *this;
  STEM_ASSIGN_OR_RETURN(std::optional<std::string> hex, p.GetSetting(kSaltSetting));
  if (!hex && create) {
    std::string salt(drafts::kSaltBytes, '\0');
    p.random->Fill(reinterpret_cast<uint8_t*>(salt.data()), salt.size());
    STEM_ASSIGN_OR_RETURN(sql::Statement s,
                          p.db.Prepare("INSERT INTO settings(key, value) VALUES (?, ?) "
                                       "ON CONFLICT(key) DO NOTHING"));
    s.Bind(1, kSaltSetting).Bind(2, Hex(salt));
    STEM_RETURN_IF_ERROR(s.Run());
    STEM_ASSIGN_OR_RETURN(hex, p.GetSetting(kSaltSetting));
  }
  if (!hex) return std::optional<std::string>();
  std::string salt;
  if (!FromHex(*hex, &salt)) return Status::Corruption("the draft salt setting is malformed");
  return std::optional<std::string>(salt);
}

Result<int> Store::DraftDays() {
  STEM_ASSIGN_OR_RETURN(std::optional<std::string> v, p_->GetSetting(kDaysSetting));
  int days = 0;
  if (!v) return kDefaultDraftDays;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), days);
  if (ec != std::errc() || end != v->data() + v->size() || days < 1 || days > kMaxDraftDays) {
    return kDefaultDraftDays;
  }
  return days;
}

Status Store::SetDraftDays(int days) {
  if (days < 1 || days > kMaxDraftDays) {
    return Status::InvalidArgument("draft_days_range", "drafts are kept 1 to 90 days");
  }
  return p_->PutSetting(kDaysSetting, std::to_string(days));
}

Result<SavedDraft> Store::SaveDraft(const DraftToSave& d) {
  if (!validate::IsSlug(d.form_id) || d.form_version < 1) {
    return Status::InvalidArgument("invalid_form_id", "a draft names an installed form version");
  }
  if (!IsValidDate(d.birth_date)) {
    return Status::InvalidArgument("invalid_birth_date", "the birth date is not a real date");
  }
  if (!d.answers.is_object()) {
    return Status::InvalidArgument("invalid_answers", "a draft's answers are a JSON object");
  }
  STEM_RETURN_IF_ERROR(validate::Text("draft page", d.page, 200, true));
  STEM_RETURN_IF_ERROR(validate::Text("language", d.language, 16, false));
  nlohmann::json body = {{"form_id", d.form_id},   {"form_version", d.form_version},
                         {"language", d.language}, {"page", d.page},
                         {"answers", d.answers}};
  std::string plaintext = body.dump();
  if (plaintext.size() > kMaxDraftBytes) {
    return Status::InvalidArgument("draft_too_large", "a draft holds at most 1 MiB of answers");
  }
  std::string code = NormalizePickupCode(d.resume_code);
  if (!code.empty() && !drafts::IsResumeCodeShape(code)) {
    return Status::InvalidArgument("resume_code_shape", "a resume code is 6 characters");
  }
  STEM_ASSIGN_OR_RETURN(std::optional<std::string> salt, p_->DraftSalt(true));
  STEM_ASSIGN_OR_RETURN(int days, DraftDays());

  // The slow derivations run before the write transaction, which then only inserts.
  std::string tag;
  if (!code.empty()) {
    STEM_ASSIGN_OR_RETURN(tag, drafts::LookupTag(code, *salt));
  } else {
    STEM_ASSIGN_OR_RETURN(sql::Statement exists,
                          p_->db.Prepare("SELECT 1 FROM drafts WHERE lookup = ?"));
    Status failed;
    code = drafts::NewResumeCode(*p_->random, [&](const std::string& candidate) {
      Result<std::string> t = drafts::LookupTag(candidate, *salt);
      if (!t.ok()) {
        failed = t.status();
        return false;
      }
      exists.Reset();
      exists.Bind(1, *t);
      Result<bool> row = exists.Step();
      if (!row.ok()) failed = row.status();
      tag = *t;
      return row.ok() && *row;
    });
    STEM_RETURN_IF_ERROR(failed);
    if (code.empty()) return Status::Internal("no free resume code");
  }
  STEM_ASSIGN_OR_RETURN(drafts::Sealed sealed,
                        drafts::Seal(code, d.birth_date, plaintext, *p_->random));
  sodium_memzero(plaintext.data(), plaintext.size());

  SavedDraft saved;
  saved.id = NewUuidV7(p_->clock->Now(), *p_->random);
  saved.resume_code = code;
  saved.expires_at = p_->clock->Now() + std::chrono::hours(24 * days);
  STEM_ASSIGN_OR_RETURN(sql::Transaction txn, sql::Transaction::Begin(p_->db));
  // Saving a resumed draft again replaces it, under the same code.
  STEM_ASSIGN_OR_RETURN(sql::Statement drop,
                        p_->db.Prepare("DELETE FROM drafts WHERE id = ? OR lookup = ?"));
  drop.Bind(1, d.replaces).Bind(2, tag);
  STEM_RETURN_IF_ERROR(drop.Run());
  STEM_ASSIGN_OR_RETURN(
      sql::Statement ins,
      p_->db.Prepare("INSERT INTO drafts(id, lookup, salt, sealed, proof, saved_at, expires_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)"));
  ins.Bind(1, saved.id).Bind(2, tag).BindBlob(3, sealed.salt).BindBlob(4, sealed.box);
  ins.BindBlob(5, sealed.proof).Bind(6, p_->NowUtc()).Bind(7, FormatUtc(saved.expires_at));
  STEM_RETURN_IF_ERROR(ins.Run());
  STEM_RETURN_IF_ERROR(txn.Commit());
  return saved;
}

Result<ResumedDraft> Store::ResumeDraft(const std::string& typed_code,
                                        const std::string& birth_date) {
  std::string code = NormalizePickupCode(typed_code);
  if (!drafts::IsResumeCodeShape(code)) {
    return Status::InvalidArgument("resume_code_shape", "a resume code is 6 characters");
  }
  if (!IsValidDate(birth_date)) {
    return Status::InvalidArgument("invalid_birth_date", "the birth date is not a real date");
  }
  STEM_ASSIGN_OR_RETURN(std::optional<std::string> salt, p_->DraftSalt(false));
  if (!salt) return NotFound();
  STEM_ASSIGN_OR_RETURN(std::string tag, drafts::LookupTag(code, *salt));
  STEM_ASSIGN_OR_RETURN(
      sql::Statement s,
      p_->db.Prepare("SELECT id, salt, sealed, proof, expires_at, locked_until FROM drafts "
                     "WHERE lookup = ?"));
  s.Bind(1, tag);
  STEM_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return NotFound();
  std::string id = s.Text(0);
  std::string draft_salt = s.Blob(1);
  std::optional<std::string> box;
  if (!s.IsNull(2)) box = s.Blob(2);
  std::string proof = s.Blob(3);
  std::string expires_at = s.Text(4);
  std::optional<std::string> locked_until = s.OptionalText(5);
  s.Reset();
  std::string now = p_->NowUtc();
  if (locked_until && *locked_until > now) {
    return Status::Denied("draft_locked", "too many wrong tries; the draft is locked for now");
  }

  STEM_ASSIGN_OR_RETURN(drafts::DraftKey key, drafts::DraftKey::Derive(code, birth_date, draft_salt));
  STEM_ASSIGN_OR_RETURN(sql::Transaction txn, sql::Transaction::Begin(p_->db));
  if (!key.Proves(proof)) {
    STEM_ASSIGN_OR_RETURN(
        sql::Statement miss,
        p_->db.Prepare(
            "UPDATE drafts SET "
            "failed_tries = CASE WHEN failed_tries + 1 >= ?2 THEN 0 ELSE failed_tries + 1 END, "
            "locked_until = CASE WHEN failed_tries + 1 >= ?2 THEN ?3 ELSE locked_until END "
            "WHERE id = ?1"));
    miss.Bind(1, id).Bind(2, kDraftTriesBeforeLock);
    miss.Bind(3, FormatUtc(p_->clock->Now() + std::chrono::minutes(kDraftLockMinutes)));
    STEM_RETURN_IF_ERROR(miss.Run());
    STEM_RETURN_IF_ERROR(txn.Commit());
    return NotFound();
  }
  if (!box || expires_at <= now) {
    STEM_ASSIGN_OR_RETURN(sql::Statement drop, p_->db.Prepare("DELETE FROM drafts WHERE id = ?"));
    drop.Bind(1, id);
    STEM_RETURN_IF_ERROR(drop.Run());
    STEM_RETURN_IF_ERROR(txn.Commit());
    return Status::Conflict("draft_expired", "this draft has expired");
  }
  STEM_ASSIGN_OR_RETURN(std::string plaintext, key.Open(*box));
  nlohmann::json body = nlohmann::json::parse(plaintext, nullptr, false);
  sodium_memzero(plaintext.data(), plaintext.size());
  if (!body.is_object() || !body.value("form_id", nlohmann::json()).is_string() ||
      !body.value("form_version", nlohmann::json()).is_number_integer() ||
      !body.value("answers", nlohmann::json()).is_object()) {
    return Status::Corruption("a draft opened but its content is malformed");
  }
  STEM_ASSIGN_OR_RETURN(sql::Statement clear,
                        p_->db.Prepare("UPDATE drafts SET failed_tries = 0 WHERE id = ?"));
  clear.Bind(1, id);
  STEM_RETURN_IF_ERROR(clear.Run());
  STEM_RETURN_IF_ERROR(txn.Commit());
  ResumedDraft out;
  out.id = id;
  out.form_id = body["form_id"].get<std::string>();
  out.form_version = body["form_version"].get<int>();
  out.language = body.value("language", "en");
  out.page = body.value("page", "");
  out.answers = std::move(body["answers"]);
  out.resume_code = code;
  out.birth_date = birth_date;
  ParseUtc(expires_at, &out.expires_at);
  return out;
}

Status Store::DeleteDraft(const std::string& id) {
  STEM_ASSIGN_OR_RETURN(sql::Statement s, p_->db.Prepare("DELETE FROM drafts WHERE id = ?"));
  s.Bind(1, id);
  return s.Run();
}

Result<int64_t> Store::ExpireDrafts() {
  TimePoint now = p_->clock->Now();
  STEM_ASSIGN_OR_RETURN(sql::Transaction txn, sql::Transaction::Begin(p_->db));
  STEM_ASSIGN_OR_RETURN(
      sql::Statement blank,
      p_->db.Prepare("UPDATE drafts SET sealed = NULL WHERE sealed IS NOT NULL AND expires_at <= ?"));
  blank.Bind(1, FormatUtc(now));
  STEM_RETURN_IF_ERROR(blank.Run());
  int64_t changed = p_->db.Changes();
  STEM_ASSIGN_OR_RETURN(sql::Statement drop,
                        p_->db.Prepare("DELETE FROM drafts WHERE expires_at <= ?"));
  drop.Bind(1, FormatUtc(now - kTombstoneKept));
  STEM_RETURN_IF_ERROR(drop.Run());
  changed += p_->db.Changes();
  STEM_RETURN_IF_ERROR(txn.Commit());
  return changed;
}

Result<int64_t> Store::CountDrafts() {
  STEM_ASSIGN_OR_RETURN(
      sql::Statement s,
      p_->db.Prepare("SELECT count(*) FROM drafts WHERE sealed IS NOT NULL AND expires_at > ?"));
  s.Bind(1, p_->NowUtc());
  STEM_ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? s.Int(0) : 0;
}

}  // namespace stem
