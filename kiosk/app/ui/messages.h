// Words for people, in the current UI language, for the Status values the store returns.
// Never shows a detail, an errno or SQL. UI thread only.
#pragma once

#include "data/status.h"
#include "kiosk/labels/printer.h"
#include "kiosk/app/ui/wx.h"

namespace stem::kiosk {

wxString Words(const Status& status);
// Why a label did not print, and what to do.
wxString PrintWords(labels::PrintProblem problem);
// A printer's state in a few words, for the admin's list: "paused", "out of labels".
wxString PrinterStateWords(labels::PrintProblem problem);
// How to type a date on the number pad in `language` (day first in Spanish, month first in
// English), with an example: the order DateFromText (core/wizard.h) reads.
wxString DateFormatHint(const std::string& language);

}  // namespace stem::kiosk
