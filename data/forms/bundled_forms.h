// The forms shipped with the kiosk (data/forms/*.json), compiled into the program so that a
// fresh kiosk has them without any files to copy.
#pragma once

#include <string_view>
#include <vector>

#include "data/status.h"

namespace stem {

class Store;

struct BundledForm {
  std::string_view file;  // "student-registration.json"
  std::string_view json;
};

// The current version of each bundled form.
const std::vector<BundledForm>& BundledForms();
// Every earlier version of the bundled forms (data/forms/earlier/), kept so that the hub can
// read responses that kiosks answered with them. Kiosks install only the current ones.
const std::vector<BundledForm>& EarlierBundledForms();

// Installs every bundled form into `store`; already-installed versions are left as they are.
Status InstallBundledForms(Store& store);

}  // namespace stem
