#include "kiosk/app/core/print_job.h"

#include <chrono>

#include "data/store/store.h"

namespace stem::kiosk {

LabelPrintWorker::LabelPrintWorker(std::string store_path, Post post, MakePrinter make_printer)
    : make_printer_(std::move(make_printer)), worker_(std::move(store_path), std::move(post)) {}

void LabelPrintWorker::Print(labels::LabelPrintRequest request, Done done) {
  auto asked = std::chrono::steady_clock::now();
  worker_.Add<PrintJobResult>(
      [this, request = std::move(request), asked](Store& store) {
        if (!printer_) printer_ = make_printer_();
        PrintJobResult out;
        Result<labels::LabelPrintResult> r = labels::PrintLabels(store, *printer_, request);
        if (r.ok()) {
          out.printed = std::move(r).value();
        } else {
          out.status = r.status();
        }
        out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - asked).count();
        return out;
      },
      std::move(done));
}

void LabelPrintWorker::ListQueues(std::function<void(QueuesResult)> done) {
  worker_.Add<QueuesResult>(
      [this](Store&) {
        if (!printer_) printer_ = make_printer_();
        QueuesResult out;
        Result<std::vector<labels::PrinterQueue>> queues = printer_->Queues();
        if (queues.ok()) {
          out.queues = std::move(queues).value();
        } else {
          out.status = queues.status();
        }
        return out;
      },
      std::move(done));
}

void LabelPrintWorker::PrintTest(std::string printer, const labels::LabelStock* stock,
                                 std::string language,
                                 std::function<void(TestPrintResult)> done) {
  worker_.Add<TestPrintResult>(
      [this, printer = std::move(printer), stock, language = std::move(language)](Store&) {
        if (!printer_) printer_ = make_printer_();
        TestPrintResult out;
        Result<std::string> pdf =
            labels::DrawTestLabel(*stock, printer, labels::LabelWordsFor(language));
        if (!pdf.ok()) {
          out.status = pdf.status();
          return out;
        }
        if (printer.empty()) {
          out.outcome.problem = labels::PrintProblem::kNoPrinterChosen;
          return out;
        }
        out.outcome = printer_->Print(printer, *pdf, "stem-kiosk test label");
        return out;
      },
      std::move(done));
}

}  // namespace stem::kiosk
