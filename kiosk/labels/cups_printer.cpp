// The Printer of printer.h through libcups (CUPS 2.4): queues from cupsGetDests2, their state
// from the destination's options, a job as cupsCreateJob + one PDF document.
#include <cups/cups.h>

#include <cstdlib>
#include <sstream>

#include "kiosk/labels/printer.h"

namespace stem::labels {
namespace {

struct Dests {
  int count = 0;
  cups_dest_t* list = nullptr;
  ~Dests() { cupsFreeDests(count, list); }
};

struct DestFree {
  void operator()(cups_dest_t* d) const { cupsFreeDests(1, d); }
};

std::string Option(const cups_dest_t& d, const char* name) {
  const char* v = cupsGetOption(name, d.num_options, d.options);
  return v ? v : "";
}

PrintProblem ProblemOfDest(const cups_dest_t& d) {
  std::vector<std::string> reasons;
  std::stringstream list(Option(d, "printer-state-reasons"));
  for (std::string r; std::getline(list, r, ',');) {
    if (!r.empty() && r != "none") reasons.push_back(r);
  }
  std::string state = Option(d, "printer-state");
  return ProblemOfQueue(state.empty() ? 3 : std::atoi(state.c_str()), reasons,
                        Option(d, "printer-is-accepting-jobs") != "false");
}

// Whether the last CUPS call failed for want of a CUPS server: libcups says "not found" of a
// queue when no scheduler answered at all, so ask for a connection.
bool NoServer() {
  ipp_status_t s = cupsLastError();
  if (s == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE || s == IPP_STATUS_ERROR_INTERNAL) return true;
  http_t* http = httpConnect2(cupsServer(), ippPort(), nullptr, AF_UNSPEC, cupsEncryption(), 1,
                              3000, nullptr);
  if (http == nullptr) return true;
  httpClose(http);
  return false;
}

PrintOutcome Failed(PrintProblem problem, std::string detail) {
  PrintOutcome o;
  o.problem = problem;
  o.detail = std::move(detail);
  return o;
}

class CupsPrinter final : public Printer {
 public:
  Result<std::vector<PrinterQueue>> Queues() override {
    Dests dests;
    dests.count = cupsGetDests2(CUPS_HTTP_DEFAULT, &dests.list);
    if (dests.count == 0 && NoServer()) {
      return Status::IoError(std::string("cannot reach CUPS: ") + cupsLastErrorString());
    }
    std::vector<PrinterQueue> out;
    for (int i = 0; i < dests.count; ++i) {
      const cups_dest_t& d = dests.list[i];
      if (d.instance) continue;  // lpoptions instances: the same queue again
      PrinterQueue q;
      q.name = d.name;
      q.description = Option(d, "printer-info");
      if (q.description.empty()) q.description = Option(d, "printer-make-and-model");
      q.is_default = d.is_default != 0;
      q.problem = ProblemOfDest(d);
      if (q.is_default) {
        out.insert(out.begin(), std::move(q));
      } else {
        out.push_back(std::move(q));
      }
    }
    return out;
  }

  PrintOutcome Print(const std::string& queue, const std::string& pdf,
                     const std::string& title) override {
    if (queue.empty()) return Failed(PrintProblem::kNoPrinterChosen, "no printer chosen");
    std::unique_ptr<cups_dest_t, DestFree> dest(
        cupsGetNamedDest(CUPS_HTTP_DEFAULT, queue.c_str(), nullptr));
    if (!dest) {
      if (NoServer()) {
        return Failed(PrintProblem::kNoPrintSystem,
                      std::string("cannot reach CUPS: ") + cupsLastErrorString());
      }
      return Failed(PrintProblem::kNoSuchPrinter, "no queue " + queue);
    }
    PrintProblem problem = ProblemOfDest(*dest);
    if (problem != PrintProblem::kNone) {
      return Failed(problem, "queue " + queue + ": " + Option(*dest, "printer-state-reasons"));
    }
    int job = cupsCreateJob(CUPS_HTTP_DEFAULT, queue.c_str(), title.c_str(), 0, nullptr);
    if (job == 0) {
      return Failed(NoServer() ? PrintProblem::kNoPrintSystem : PrintProblem::kRefused,
                    std::string("job refused: ") + cupsLastErrorString());
    }
    http_status_t started = cupsStartDocument(CUPS_HTTP_DEFAULT, queue.c_str(), job, "label",
                                              CUPS_FORMAT_PDF, 1);
    bool sent = started == HTTP_STATUS_CONTINUE &&
                cupsWriteRequestData(CUPS_HTTP_DEFAULT, pdf.data(), pdf.size()) ==
                    HTTP_STATUS_CONTINUE;
    ipp_status_t finished = cupsFinishDocument(CUPS_HTTP_DEFAULT, queue.c_str());
    if (!sent || finished > IPP_STATUS_OK_EVENTS_COMPLETE) {
      std::string why = cupsLastErrorString();
      cupsCancelJob2(CUPS_HTTP_DEFAULT, queue.c_str(), job, 0);
      return Failed(PrintProblem::kRefused, "document refused: " + why);
    }
    PrintOutcome o;
    o.job_id = job;
    o.detail = "job " + std::to_string(job) + " on " + queue;
    return o;
  }
};

}  // namespace

std::unique_ptr<Printer> MakeCupsPrinter() { return std::make_unique<CupsPrinter>(); }

}  // namespace stem::labels
