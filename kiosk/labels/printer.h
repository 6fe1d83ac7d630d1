// Printing labels: the queues the machine has and a print job's outcome, behind an
// interface so the desk never sees CUPS (cups_printer.cpp is the real one). A Printer may
// block for a few seconds (a print server far away): call it off the UI thread. One thread
// at a time per Printer.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "data/status.h"

namespace stem::labels {

// What stopped a label from printing, for the desk to say in words.
enum class PrintProblem {
  kNone,            // the job was accepted by the print system
  kNoPrinterChosen, // the admin has not chosen a printer
  kNoSuchPrinter,   // the chosen queue is gone
  kNoPrintSystem,   // CUPS is not running or not installed
  kOffline,         // the printer is off, unplugged or unreachable
  kPaused,          // the queue is stopped (paused by someone, or after an error)
  kOutOfLabels,     // out of labels (or paper)
  kNeedsAttention,  // cover open, labels jammed
  kRefused,         // the queue is not accepting jobs, or refused this one
};

// A machine name for logs and tests: "paused", "out_of_labels", ...
const char* ProblemName(PrintProblem problem);

struct PrinterQueue {
  std::string name;         // the CUPS queue: "Brother_QL_800"
  std::string description;  // what the admin called it, or the model; may be empty
  bool is_default = false;
  PrintProblem problem = PrintProblem::kNone;  // what printing to it now would meet
};

struct PrintOutcome {
  PrintProblem problem = PrintProblem::kNone;
  int job_id = 0;           // CUPS's job id when accepted
  std::string detail;       // for the log and the admin (English; no personal data)
  bool ok() const { return problem == PrintProblem::kNone; }
};

// The problem a queue's state would cause a job: `state` is IPP's printer-state (3 idle,
// 4 processing, 5 stopped), `reasons` its printer-state-reasons keywords (with or without
// -error/-warning/-report suffixes), `accepting` printer-is-accepting-jobs.
PrintProblem ProblemOfQueue(int state, const std::vector<std::string>& reasons, bool accepting);

class Printer {
 public:
  virtual ~Printer() = default;
  // Every queue, the default first. kNoPrintSystem when CUPS cannot be reached.
  virtual Result<std::vector<PrinterQueue>> Queues() = 0;
  // Sends a PDF to `queue`. A queue that is stopped, offline or out of labels is not sent
  // the job (it would print later, unasked, after a reprint): the outcome says why.
  virtual PrintOutcome Print(const std::string& queue, const std::string& pdf,
                             const std::string& title) = 0;
};

// CUPS through libcups, at the server CUPS_SERVER or the client.conf names (the local
// cupsd by default).
std::unique_ptr<Printer> MakeCupsPrinter();

}  // namespace stem::labels
