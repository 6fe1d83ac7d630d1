// Switching the language of the app's own words (gettext catalogs, see po/). Form text comes
// from the form spec in the same language. UI thread only.
#pragma once

#include <string>

namespace stem::kiosk {

// Where the compiled catalogs are looked for, besides the build tree: call once at start.
void AddCatalogDirectory(const std::string& dir);
// "en" or "es"; anything else falls back to English.
void SetUiLanguage(const std::string& language);

}  // namespace stem::kiosk
