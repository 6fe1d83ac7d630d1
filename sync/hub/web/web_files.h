// The staff pages' files, compiled into stem-hub so it needs nothing beside it (and nothing
// from the internet): templates ("templates/overview.mustache"), assets ("assets/style.css")
// and the pages' words ("messages.json"). Generated from sync/hub/web/ at build time.
// Thread safety: read-only data.
#pragma once

#include <string_view>
#include <vector>

namespace stem::hub::web {

// The file's text, or an empty view when there is no such file.
std::string_view WebFile(std::string_view name);
std::vector<std::string_view> WebFileNames();

}  // namespace stem::hub::web
