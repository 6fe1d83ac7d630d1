#include "sync/hub/accounts/signin_link.h"

#include "sync/hub/accounts/accounts.h"

namespace stem::hub::accounts {

Result<SignInLink> IssueSignInLink(HubStorage& storage, const std::string& email, TimePoint now) {
  std::string token = NewToken();
  std::string expires = FormatUtc(now + kSignInLinkLifetime);
  STEM_RETURN_IF_ERROR(storage.AddSignInLink(email, TokenHash(token), expires));
  return SignInLink{"/welcome?token=" + token, expires};
}

}  // namespace stem::hub::accounts
