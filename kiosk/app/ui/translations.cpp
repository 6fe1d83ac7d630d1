#include "kiosk/app/ui/translations.h"

#include "kiosk/app/ui/wx.h"

namespace stem::kiosk {

void AddCatalogDirectory(const std::string& dir) {
  wxFileTranslationsLoader::AddCatalogLookupPathPrefix(wxString::FromUTF8(dir));
}

void SetUiLanguage(const std::string& language) {
  static bool added = false;
  if (!added) {
    added = true;
#ifdef STEM_LOCALE_DIR
    AddCatalogDirectory(STEM_LOCALE_DIR);
#endif
  }
  auto* t = new wxTranslations();
  t->SetLanguage(language == "es" ? "es" : "en");
  t->AddCatalog("stem-kiosk", wxLANGUAGE_ENGLISH_US);
  wxTranslations::Set(t);  // takes ownership
}

}  // namespace stem::kiosk
