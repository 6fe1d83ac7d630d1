#include "sync/hub/hub_cli_users.h"

#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "data/clock.h"
#include "sync/hub/accounts/accounts.h"
#include "sync/hub/accounts/key_vault.h"
#include "sync/hub/accounts/signin_link.h"
#include "sync/hub/review/rubric.h"

namespace stem::hub {
namespace {

Result<std::string> ReadPassword(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot_read_file", "cannot open " + path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.size() > 4096) return Status::InvalidArgument("password_too_long", "the password file is too large");
  // One line: the end of line a text editor adds is not part of the password.
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (text.find('\n') != std::string::npos) {
    return Status::InvalidArgument("usage", "the password file must hold one line");
  }
  return text;
}

// Issues a new sign-in link and prints it.
Status PrintLink(HubStorage& storage, const std::string& email, std::ostream& out) {
  STEM_ASSIGN_OR_RETURN(accounts::SignInLink link,
                        accounts::IssueSignInLink(storage, email, SystemClock().Now()));
  out << "sign-in link for " << email << " (valid until " << link.expires_at
      << "; open it at the hub's address): " << link.path << "\n";
  return Status::Ok();
}

Result<StaffUser> FindUser(HubStorage& storage, const std::string& email) {
  STEM_ASSIGN_OR_RETURN(std::vector<StaffUser> users, storage.ListUsers());
  for (StaffUser& u : users) {
    if (u.email == email) return std::move(u);
  }
  return Status::NotFound("unknown_user", "no account for " + email + "; see stem-hub user list");
}

}  // namespace

Status UserCommand(HubStorage& storage, const std::vector<std::string>& words,
                   const std::optional<std::string>& role,
                   const std::optional<std::string>& password_file, const std::string& actor,
                   std::ostream& out) {
  const Status usage = Status::InvalidArgument(
      "usage", "user add EMAIL --role ROLE [--password-file FILE] | user list | "
               "user role EMAIL ROLE | user sensitive-data EMAIL yes|no | user disable EMAIL | "
               "user reset EMAIL");
  if (words.empty()) return usage;
  const std::string& verb = words[0];
  if (verb == "list" && words.size() == 1) {
    STEM_ASSIGN_OR_RETURN(std::vector<StaffUser> users, storage.ListUsers());
    for (const StaffUser& u : users) {
      out << u.email << "\t" << u.role << "\t"
          << (u.disabled ? "disabled" : u.has_password ? "active" : "invited") << "\t"
          << u.created_at << "\t"
          << (u.role == "admin" ? "opens sealed answers (admin)"
              : u.sensitive_data ? "opens sealed answers (given sensitive data)" : "")
          << "\n";
    }
    return Status::Ok();
  }
  if (words.size() < 2) return usage;
  STEM_ASSIGN_OR_RETURN(std::string email, accounts::NormalizeEmail(words[1]));
  if (verb == "add" && words.size() == 2) {
    if (!role) return Status::InvalidArgument("usage", "user add needs --role viewer|reviewer|staff|admin");
    STEM_ASSIGN_OR_RETURN(accounts::Role r, accounts::ParseRole(*role));
    std::string hash;
    if (password_file) {
      STEM_ASSIGN_OR_RETURN(std::string password, ReadPassword(*password_file));
      STEM_RETURN_IF_ERROR(accounts::CheckNewPassword(password));
      STEM_ASSIGN_OR_RETURN(hash, accounts::HashPassword(password));
    }
    STEM_RETURN_IF_ERROR(storage.AddUser(email, accounts::RoleName(r), hash, actor).status());
    if (!hash.empty()) {
      out << "added " << email << " (" << accounts::RoleName(r) << ") with the given password\n";
      return Status::Ok();
    }
    return PrintLink(storage, email, out);
  }
  if (verb == "role" && words.size() == 3) {
    STEM_ASSIGN_OR_RETURN(accounts::Role r, accounts::ParseRole(words[2]));
    return storage.SetUserRole(email, accounts::RoleName(r), actor);
  }
  if (verb == "sensitive-data" && words.size() == 3) {
    if (words[2] != "yes" && words[2] != "no") return usage;
    STEM_ASSIGN_OR_RETURN(StaffUser user, FindUser(storage, email));
    if (words[2] == "yes" && user.role != "staff") {
      return Status::InvalidArgument(
          "not_staff", "only a staff account can be given sensitive data (an admin always has "
                       "it; change the role first: user role " + email + " staff)");
    }
    STEM_RETURN_IF_ERROR(storage.SetSensitiveData(email, words[2] == "yes", actor));
    out << email << (words[2] == "yes" ? " may now open sealed answers\n"
                                       : " may no longer open sealed answers\n");
    return Status::Ok();
  }
  if (verb == "disable" && words.size() == 2) return storage.DisableUser(email, actor);
  if (verb == "reset" && words.size() == 2) {
    STEM_RETURN_IF_ERROR(storage.ResetUser(email, actor));
    return PrintLink(storage, email, out);
  }
  return usage;
}

Status AuditCommand(HubStorage& storage, const std::optional<std::string>& limit,
                    std::ostream& out) {
  int n = 100;
  if (limit) {
    if (limit->empty() || limit->size() > 6 ||
        limit->find_first_not_of("0123456789") != std::string::npos || std::stoi(*limit) < 1) {
      return Status::InvalidArgument("usage", "--limit must be a number from 1 to 999999");
    }
    n = std::stoi(*limit);
  }
  STEM_ASSIGN_OR_RETURN(std::vector<AuditEntry> entries, storage.AuditLog(n));
  for (const AuditEntry& e : entries) {
    out << e.at << "\t" << e.actor << "\t" << e.action << "\t" << e.detail << "\n";
  }
  return Status::Ok();
}

Status ReviewCommand(HubStorage& storage, const std::vector<std::string>& words,
                     const std::string& actor, std::ostream& out) {
  if (words.empty() || words[0] != "rubric" || words.size() > 2) {
    return Status::InvalidArgument("usage", "review rubric [FILE.json]");
  }
  if (words.size() == 1) {
    STEM_ASSIGN_OR_RETURN(std::string setting, storage.Setting(review::kRubricSetting));
    for (const review::RubricLine& l : review::RubricOrDefault(setting)) {
      out << l.id << "\t0-" << l.max << "\t" << l.label.at("en") << "\n";
    }
    return Status::Ok();
  }
  std::ifstream in(words[1], std::ios::binary);
  if (!in) return Status::NotFound("cannot_read_file", "cannot open " + words[1]);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.size() > 64 * 1024) return Status::InvalidArgument("bad_rubric", "the file is over 64 KB");
  STEM_ASSIGN_OR_RETURN(std::vector<review::RubricLine> rubric, review::ParseRubric(text));
  STEM_RETURN_IF_ERROR(storage.SetSetting(review::kRubricSetting, review::RubricJson(rubric), actor));
  out << "the review rubric has " << rubric.size() << " line(s)\n";
  return Status::Ok();
}

Status KeysCommand(HubStorage& storage, const std::vector<std::string>& words,
                   const std::optional<std::string>& passphrase_file, const std::string& actor,
                   std::ostream& out) {
  if (words.size() != 2 || words[0] != "import" || !passphrase_file) {
    return Status::InvalidArgument("usage", "keys import FILE.key --passphrase-file FILE");
  }
  STEM_ASSIGN_OR_RETURN(seal::KeyPair keys, seal::ReadPrivateKeyFile(words[1]));
  std::ifstream in(*passphrase_file, std::ios::binary);
  if (!in) return Status::NotFound("cannot_read_file", "cannot open " + *passphrase_file);
  std::string passphrase((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!passphrase.empty() && (passphrase.back() == '\n' || passphrase.back() == '\r')) {
    passphrase.pop_back();
  }
  STEM_ASSIGN_OR_RETURN(std::string locked, accounts::LockKey(keys, passphrase));
  STEM_RETURN_IF_ERROR(storage.SetSetting(accounts::kLockedKeySetting, locked, actor));
  STEM_RETURN_IF_ERROR(storage.Audit(actor, "key_imported",
                                     nlohmann::json{{"key_id", keys.public_key.id}}.dump()));
  out << "the hub keeps key " << keys.public_key.id << ", locked under the passphrase\n";
  return Status::Ok();
}

}  // namespace stem::hub
