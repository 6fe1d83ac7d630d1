// The store's schema as forward-only migrations. Migration N takes a store from
// user_version N-1 to N; each runs in its own transaction.
#pragma once

#include <string_view>
#include <vector>

namespace stem::schema {

// 'STEM' in ASCII: marks a SQLite file as a kiosk store (PRAGMA application_id).
inline constexpr int kApplicationId = 0x5354454D;

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
};

const std::vector<Migration>& Migrations();
int LatestVersion();

}  // namespace stem::schema
