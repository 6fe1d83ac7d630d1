#include "kiosk/labels/printer.h"

#include <string_view>

namespace stem::labels {
namespace {

// A reason keyword without its -error, -warning or -report suffix.
std::string_view Bare(std::string_view reason) {
  for (std::string_view suffix : {"-error", "-warning", "-report"}) {
    if (reason.size() > suffix.size() && reason.ends_with(suffix)) {
      return reason.substr(0, reason.size() - suffix.size());
    }
  }
  return reason;
}

bool IsWarning(std::string_view reason) { return reason.ends_with("-warning"); }

}  // namespace

const char* ProblemName(PrintProblem problem) {
  switch (problem) {
    case PrintProblem::kNone: return "none";
    case PrintProblem::kNoPrinterChosen: return "no_printer_chosen";
    case PrintProblem::kNoSuchPrinter: return "no_such_printer";
    case PrintProblem::kNoPrintSystem: return "no_print_system";
    case PrintProblem::kOffline: return "offline";
    case PrintProblem::kPaused: return "paused";
    case PrintProblem::kOutOfLabels: return "out_of_labels";
    case PrintProblem::kNeedsAttention: return "needs_attention";
    case PrintProblem::kRefused: return "refused";
  }
  return "unknown";
}

PrintProblem ProblemOfQueue(int state, const std::vector<std::string>& reasons, bool accepting) {
  // The most specific reason wins: "out of labels" helps a volunteer more than "paused",
  // which CUPS also says of a printer that stopped for want of labels. A warning
  // ("media-low-warning") does not stop a job.
  PrintProblem found = PrintProblem::kNone;
  for (const std::string& r : reasons) {
    if (IsWarning(r)) continue;
    std::string_view bare = Bare(r);
    if (bare == "media-empty" || bare == "media-needed" || bare == "marker-supply-empty") {
      return PrintProblem::kOutOfLabels;
    }
    if (bare == "media-jam" || bare == "cover-open" || bare == "door-open" ||
        bare == "input-tray-missing" || bare == "output-area-full") {
      found = PrintProblem::kNeedsAttention;
    } else if ((bare == "offline" || bare == "shutdown" || bare == "timed-out" ||
                bare == "connecting-to-device") &&
               found == PrintProblem::kNone) {
      found = PrintProblem::kOffline;
    }
  }
  if (found != PrintProblem::kNone) return found;
  if (state == 5) return PrintProblem::kPaused;  // IPP printer-state "stopped"
  if (!accepting) return PrintProblem::kRefused;
  return PrintProblem::kNone;
}

}  // namespace stem::labels
