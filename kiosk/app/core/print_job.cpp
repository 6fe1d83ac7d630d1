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

}  // namespace stem::kiosk
