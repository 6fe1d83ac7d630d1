// Printing a student's labels from the desk, off the UI thread.
//
// LabelPrintWorker runs PrintLabels (and the admin screen's list of printers and test
// label) (kiosk/labels/desk_labels.h: draw, send to CUPS, record
// the print) on a StoreWorker of its own: one thread with its own store connection, so a slow
// or hung print server never delays a check-in, which the desk's own worker has already
// committed before the print is asked for. Each result goes to the injected `post` function
// (CallAfter in the app, a queue in tests); the caller guards it so a closed screen is never
// touched. The printer comes from `make_printer` on the worker's thread (libcups keeps its
// connection per thread). Print() may be called from any thread; the destructor finishes the
// jobs given and joins. Errors are values: PrintJobResult::status for what stopped the labels
// being drawn (reasons "not_a_student", "no_pickup_code", store errors), the outcome's
// problem for what stopped them printing.
#pragma once

#include <functional>
#include <memory>

#include "kiosk/app/core/store_worker.h"
#include "kiosk/labels/desk_labels.h"
#include "kiosk/labels/printer.h"

namespace stem::kiosk {

struct QueuesResult {
  Status status;  // io_error when the print system cannot be reached
  std::vector<labels::PrinterQueue> queues;
};

struct TestPrintResult {
  Status status;
  labels::PrintOutcome outcome;
};

struct PrintJobResult {
  Status status;
  labels::LabelPrintResult printed;
  double seconds = 0;  // from the request to the print system's answer
};

class LabelPrintWorker {
 public:
  using Post = StoreWorker::Post;
  using Done = std::function<void(PrintJobResult)>;
  using MakePrinter = std::function<std::unique_ptr<labels::Printer>()>;

  LabelPrintWorker(std::string store_path, Post post, MakePrinter make_printer);
  LabelPrintWorker(const LabelPrintWorker&) = delete;
  LabelPrintWorker& operator=(const LabelPrintWorker&) = delete;

  void Print(labels::LabelPrintRequest request, Done done);
  // The machine's printers, for the admin screen.
  void ListQueues(std::function<void(QueuesResult)> done);
  // The admin's test label on `printer`, at `stock`, in `language`.
  void PrintTest(std::string printer, const labels::LabelStock* stock, std::string language,
                 std::function<void(TestPrintResult)> done);

 private:
  MakePrinter make_printer_;
  std::unique_ptr<labels::Printer> printer_;  // the worker thread's, made at its first job
  StoreWorker worker_;                        // last: joined before the printer goes
};

}  // namespace stem::kiosk
