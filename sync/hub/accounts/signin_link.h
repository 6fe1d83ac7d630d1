// A staff account's one-time sign-in link: made, kept (only its hash) and given back as the
// path a person opens at the hub's address. Shared by `stem-hub user` and the users page.
// Thread safety: as the storage. Errors: the storage's (NotFound "unknown_user").
#pragma once

#include <string>

#include "data/clock.h"
#include "data/status.h"
#include "sync/hub/storage/hub_storage.h"

namespace stem::hub::accounts {

struct SignInLink {
  std::string path;        // "/welcome?token=..."
  std::string expires_at;  // UTC
};

// Replaces any earlier link of `email` with a new one, valid kSignInLinkLifetime from `now`.
Result<SignInLink> IssueSignInLink(HubStorage& storage, const std::string& email, TimePoint now);

}  // namespace stem::hub::accounts
