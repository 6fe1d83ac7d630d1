// Installed forms, the sealing key, and saving responses through the form engine.
#include "data/forms/person_fields.h"
#include "data/store/store_internal.h"
#include "data/validate.h"

namespace stem {
namespace {

using nlohmann::json;

FormInfo InfoOf(const forms::FormSpec& spec) {
  FormInfo info{spec.id, spec.version, spec.kind, "", spec.HasSensitiveQuestions()};
  if (!spec.languages.empty() && spec.title.count(spec.languages.front())) {
    info.title = spec.title.at(spec.languages.front());
  }
  return info;
}

Result<std::shared_ptr<const forms::FormSpec>> Load(const std::string& text) {
  STEM_ASSIGN_OR_RETURN(forms::FormSpec spec, forms::LoadFormSpecOrError(text));
  return std::make_shared<const forms::FormSpec>(std::move(spec));
}

// Replaces every sensitive answer (also inside repeat entries) by its sealed form.
void SealSensitive(const std::vector<forms::Item>& items, const seal::PublicKey& key, json* kept) {
  for (const forms::Item& item : items) {
    if (item.type == forms::QuestionType::kSection) {
      SealSensitive(item.items, key, kept);
    } else if (item.type == forms::QuestionType::kRepeat) {
      if (kept->contains(item.id)) {
        for (json& entry : (*kept)[item.id]) SealSensitive(item.items, key, &entry);
      }
    } else if (item.sensitive && kept->contains(item.id)) {
      (*kept)[item.id] = seal::SealAnswer(key, (*kept)[item.id]);
    }
  }
}

}  // namespace

Result<FormInfo> Store::InstallForm(const std::string& spec_json, bool report_to_hub) {
  STEM_ASSIGN_OR_RETURN(sql::Transaction txn, sql::Transaction::Begin(p_->db));
  STEM_ASSIGN_OR_RETURN(FormInfo info, p_->InstallForm(spec_json, report_to_hub));
  STEM_RETURN_IF_ERROR(txn.Commit());
  return info;
}

Result<FormInfo> Store::Private::InstallForm(const std::string& spec_json, bool report_to_hub) {
  STEM_ASSIGN_OR_RETURN(std::shared_ptr<const forms::FormSpec> spec, Load(spec_json));
  // Stored normalised, so reinstalling the same spec with other whitespace is a no-op.
  std::string normalised = json::parse(spec_json).dump();
  STEM_ASSIGN_OR_RETURN(
      sql::Statement existing,
      db.Prepare("SELECT spec FROM forms WHERE form_id = ? AND version = ?"));
  existing.Bind(1, spec->id).Bind(2, spec->version);
  STEM_ASSIGN_OR_RETURN(bool found, existing.Step());
  if (found) {
    if (existing.Text(0) != normalised) {
      return Status::AlreadyExists(
          "form_version_exists",
          "version " + std::to_string(spec->version) + " of form " + spec->id +
              " is already installed with different content; give the changed form a new "
              "version number");
    }
    return InfoOf(*spec);
  }
  STEM_ASSIGN_OR_RETURN(
      sql::Statement ins,
      db.Prepare("INSERT INTO forms(form_id, version, kind, spec, installed_at) "
                 "VALUES (?, ?, ?, ?, ?)"));
  ins.Bind(1, spec->id).Bind(2, spec->version).Bind(3, spec->kind).Bind(4, normalised);
  ins.Bind(5, NowUtc());
  STEM_RETURN_IF_ERROR(ins.Run());
  if (report_to_hub) {
    // The hub reads this kiosk's responses with the same questions.
    STEM_RETURN_IF_ERROR(AppendRecord("audit", "", "", "",
                                          {{"action", "form_installed"},
                                           {"detail",
                                            {{"form_id", spec->id},
                                             {"version", spec->version},
                                             {"spec", normalised}}}})
                             .status());
  }
  return InfoOf(*spec);
}

Result<std::shared_ptr<const forms::FormSpec>> Store::GetForm(const std::string& form_id,
                                                              int version) {
  STEM_ASSIGN_OR_RETURN(
      sql::Statement s,
      p_->db.Prepare("SELECT spec FROM forms WHERE form_id = ?1 AND (?2 = 0 OR version = ?2) "
                     "ORDER BY version DESC LIMIT 1"));
  s.Bind(1, form_id).Bind(2, version);
  STEM_ASSIGN_OR_RETURN(bool found, s.Step());
  if (!found) {
    return Status::NotFound("unknown_form", "form " + form_id + " is not installed on this kiosk");
  }
  return Load(s.Text(0));
}

Result<std::vector<FormInfo>> Store::ListForms() {
  STEM_ASSIGN_OR_RETURN(
      sql::Statement s,
      p_->db.Prepare("SELECT f.spec FROM forms f WHERE f.version = (SELECT max(version) FROM "
                     "forms g WHERE g.form_id = f.form_id) ORDER BY f.form_id"));
  std::vector<FormInfo> out;
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    STEM_ASSIGN_OR_RETURN(std::shared_ptr<const forms::FormSpec> spec, Load(s.Text(0)));
    out.push_back(InfoOf(*spec));
  }
  return out;
}

Result<std::vector<std::string>> Store::FormSpecs() {
  STEM_ASSIGN_OR_RETURN(sql::Statement s,
                        p_->db.Prepare("SELECT spec FROM forms ORDER BY form_id, version"));
  std::vector<std::string> out;
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(s.Text(0));
  }
  return out;
}

Status Store::SetSealingKey(const std::string& public_key_base64) {
  STEM_ASSIGN_OR_RETURN(seal::PublicKey key, seal::ParsePublicKey(public_key_base64));
  return p_->PutSetting("sealing_public_key", key.Base64());
}

Result<std::optional<seal::PublicKey>> Store::SealingKey() {
  STEM_ASSIGN_OR_RETURN(std::optional<std::string> text, p_->GetSetting("sealing_public_key"));
  if (!text) return std::optional<seal::PublicKey>();
  STEM_ASSIGN_OR_RETURN(seal::PublicKey key, seal::ParsePublicKey(*text));
  return std::optional<seal::PublicKey>(key);
}

Status Store::CheckCanAnswer(const std::string& form_id) {
  STEM_ASSIGN_OR_RETURN(std::shared_ptr<const forms::FormSpec> spec, GetForm(form_id));
  if (!spec->HasSensitiveQuestions()) return Status::Ok();
  STEM_ASSIGN_OR_RETURN(std::optional<seal::PublicKey> key, SealingKey());
  if (!key) {
    return Status::Conflict("no_public_key",
                            "form " + form_id + " asks sensitive questions, and this kiosk has "
                            "no public key from the nonprofit to seal them; set one with "
                            "`kioskctl keys use`");
  }
  return Status::Ok();
}

Result<SaveOutcome> Store::SaveResponse(const ResponseToSave& r) {
  STEM_ASSIGN_OR_RETURN(std::shared_ptr<const forms::FormSpec> spec, GetForm(r.form_id));
  STEM_RETURN_IF_ERROR(CheckCanAnswer(r.form_id));
  forms::CheckedAnswers checked = forms::CheckAnswers(*spec, r.answers, r.language, p_->Today());
  SaveOutcome outcome;
  if (!checked.ok()) {
    for (const forms::AnswerError& e : checked.errors) {
      outcome.errors.push_back({e.path, e.code, e.message});
    }
    return outcome;
  }
  // Read before sealing: a sealed answer never fills a person field (the loader checks).
  // A correction registers no one again: the roster entries came with the original.
  std::vector<NewRegistration> children;
  if (!r.event_id.empty() && r.supersedes.empty()) {
    children = forms::RegistrationsFromAnswers(*spec, checked.kept, r.event_id);
  }
  if (spec->HasSensitiveQuestions()) {
    STEM_ASSIGN_OR_RETURN(std::optional<seal::PublicKey> key, SealingKey());
    SealSensitive(spec->items, *key, &checked.kept);
  }
  FormSubmission sub;
  sub.form_id = spec->id;
  sub.form_version = spec->version;
  sub.event_id = r.event_id;
  sub.person_id = spec->anonymous ? "" : r.person_id;
  sub.answers = std::move(checked.kept);
  sub.supersedes = r.supersedes;
  // The saves below begin savepoints inside this transaction; only its commit is durable.
  STEM_ASSIGN_OR_RETURN(sql::Transaction txn, sql::Transaction::Begin(p_->db));
  STEM_ASSIGN_OR_RETURN(RecordRef ref, SubmitForm(sub));
  std::string guardian_id;  // one guardian row for the whole family
  for (NewRegistration& child : children) {
    child.guardian.id = guardian_id;
    STEM_ASSIGN_OR_RETURN(RegistrationResult registered, Register(child));
    guardian_id = registered.guardian_id;
    outcome.registered.push_back(std::move(registered));
  }
  // A finished draft goes with the save: never both, never neither.
  if (!r.draft_id.empty()) STEM_RETURN_IF_ERROR(DeleteDraft(r.draft_id));
  STEM_RETURN_IF_ERROR(txn.Commit());
  outcome.saved = ref;
  return outcome;
}

}  // namespace stem
