// What the desk prints for a student, read from the kiosk's store: the badge, and at a camp
// the guardian's pickup stub with the code of the student's open check-in. Used by the
// app's print worker and by `kioskctl print`. Calls the store: the caller's thread owns it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "data/status.h"
#include "data/store/store.h"
#include "kiosk/labels/label_stock.h"
#include "kiosk/labels/printer.h"

namespace stem::labels {

enum class LabelKind { kBadge, kStub };
// "badge" or "stub", as audit records and kioskctl say it.
const char* LabelKindName(LabelKind kind);
std::optional<LabelKind> ParseLabelKind(std::string_view name);

// The words printed on labels, in the desk's language.
struct LabelWords {
  std::string grade;        // before the grade: "Grade"
  std::string allergy;      // the allergy mark
  std::string pickup_code;  // above the stub's code
  std::string stub_note;    // under it
  std::string test_title;   // the test label's
};
// "en" or "es"; English for any other.
LabelWords LabelWordsFor(std::string_view language);

// The PDF of `kinds` for a student, one page each on a roll, side by side on a sheet.
// InvalidArgument "not_a_student" for a guardian; NotFound "no_pickup_code" when a stub is
// asked of a student with no open check-in that has a pickup code (only camps give one).
Result<std::string> DrawLabels(Store& store, const std::string& person_id,
                               const std::vector<LabelKind>& kinds, const LabelStock& stock,
                               const LabelWords& words);

// The admin's test label, naming the printer and the stock.
Result<std::string> DrawTestLabel(const LabelStock& stock, const std::string& printer,
                                  const LabelWords& words);

// The admin's choice of printer and label stock, kept together in the store's kiosk setting
// "label_printing". An empty printer: none chosen (nothing prints at
// check-in). A stock never chosen, or no longer known, is the first of LabelStocks().
struct PrintSettings {
  std::string printer;
  const LabelStock* stock = nullptr;
};
Result<PrintSettings> LoadPrintSettings(Store& store);
// InvalidArgument "unknown_label_stock" for a stock id no stock has; writes nothing then.
Status SavePrintSettings(Store& store, const std::string& printer, const std::string& stock_id);

// What a print did, kept as an audit record ("label_printed") about the student, for the
// hub's exports and person page: which label, a first print or a reprint and why, by whom,
// on which printer, and whether it was sent or what stopped it.
struct PrintRecord {
  std::string person_id;
  LabelKind kind = LabelKind::kBadge;
  bool reprint = false;
  std::string reason;     // why a reprint; may be empty
  std::string volunteer;  // may be empty
  std::string printer;    // the queue, or the file it was written to
  std::string outcome;    // "sent", or ProblemName()'s word
};
Status RecordPrint(Store& store, const PrintRecord& print);

// A student's labels to print: the desk at check-in and its Reprint, `kioskctl print`.
struct LabelPrintRequest {
  std::string person_id;
  // Empty: the badge, and the pickup stub when the open check-in has a pickup code.
  std::vector<LabelKind> kinds;
  bool reprint = false;
  std::string reason;     // why a reprint
  std::string volunteer;
  std::string language = "en";
  std::string printer;                // empty: the admin's choice
  const LabelStock* stock = nullptr;  // null: the admin's choice
};

struct LabelPrintResult {
  PrintOutcome outcome;          // sent, or what stopped it (kNoPrinterChosen when none)
  std::vector<LabelKind> kinds;  // what was printed (or tried)
  std::string printer;
  const LabelStock* stock = nullptr;
};

// Draws the labels, sends them to the printer and records each label's print (RecordPrint),
// sent or not. Errors (a Status) only for what stops the labels being drawn: the person is
// not a student, a stub without a pickup code, the store. Blocks on the printer: run it off
// the UI thread.
Result<LabelPrintResult> PrintLabels(Store& store, Printer& printer,
                                     const LabelPrintRequest& request);

}  // namespace stem::labels
