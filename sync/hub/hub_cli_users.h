// `stem-hub user ...` and `stem-hub audit`: staff accounts from the hub's command line.
//   user add EMAIL --role ROLE [--password-file FILE]   prints a one-time sign-in link (72 h)
//                                                         unless the password is given
//   user list | user role EMAIL ROLE | user disable EMAIL | user reset EMAIL
//   audit [--limit N]                                     the newest entries first
//   review rubric [FILE.json]                             prints, or sets, the review rubric
//   keys import FILE.key --passphrase-file FILE           keeps the private key, locked
// Errors: usage, bad_email, bad_role, password_* (accounts.h), user_exists, unknown_user,
// cannot_read_file, bad_rubric, invalid_private_key, passphrase_too_short.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "data/status.h"
#include "sync/hub/storage/hub_storage.h"

namespace stem::hub {

// `words` are the command's words after "user"; `actor` names who runs it in the audit log.
Status UserCommand(HubStorage& storage, const std::vector<std::string>& words,
                   const std::optional<std::string>& role,
                   const std::optional<std::string>& password_file, const std::string& actor,
                   std::ostream& out);
Status ReviewCommand(HubStorage& storage, const std::vector<std::string>& words,
                     const std::string& actor, std::ostream& out);
Status KeysCommand(HubStorage& storage, const std::vector<std::string>& words,
                   const std::optional<std::string>& passphrase_file, const std::string& actor,
                   std::ostream& out);
Status AuditCommand(HubStorage& storage, const std::optional<std::string>& limit,
                    std::ostream& out);

}  // namespace stem::hub
