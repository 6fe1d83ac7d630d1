// print (a student's badge and pickup stub, or a test label: to a printer through CUPS, or
// to a PDF file) and printer (the machine's queues; the kiosk's choice of printer and stock).
#include <filesystem>
#include <fstream>

#include "kiosk/ctl/args.h"
#include "kiosk/ctl/kioskctl.h"
#include "kiosk/labels/desk_labels.h"
#include "kiosk/labels/printer.h"

namespace stem::ctl {
namespace {

using labels::LabelKind;
using labels::PrintProblem;

std::string ProblemWords(PrintProblem p, const std::string& queue) {
  switch (p) {
    case PrintProblem::kNone: return "ready";
    case PrintProblem::kNoPrinterChosen:
      return "no printer chosen (give --printer QUEUE, or choose one with `kioskctl printer use "
             "QUEUE`)";
    case PrintProblem::kNoSuchPrinter: return "there is no printer queue \"" + queue + "\"";
    case PrintProblem::kNoPrintSystem: return "the print system (CUPS) is not running";
    case PrintProblem::kOffline: return "the printer is offline";
    case PrintProblem::kPaused: return "the printer is paused (cupsenable " + queue + " resumes it)";
    case PrintProblem::kOutOfLabels: return "the printer is out of labels";
    case PrintProblem::kNeedsAttention: return "the printer needs attention (cover open or labels jammed)";
    case PrintProblem::kRefused: return "the printer refused the job";
  }
  return "unknown";
}

Status Refusal(PrintProblem p, const std::string& what, const std::string& queue) {
  return Status::Conflict(std::string("print_") + labels::ProblemName(p),
                          "cannot print " + what + ": " + ProblemWords(p, queue));
}

std::string What(const std::vector<LabelKind>& kinds) {
  if (kinds.size() == 2) return "a badge and a pickup stub";
  return kinds.size() == 1 && kinds[0] == LabelKind::kStub ? "a pickup stub" : "a badge";
}

nlohmann::json Names(const std::vector<LabelKind>& kinds) {
  nlohmann::json out = nlohmann::json::array();
  for (LabelKind k : kinds) out.push_back(labels::LabelKindName(k));
  return out;
}

// Writes the file whole or not at all.
Status WriteFile(const std::string& path, const std::string& bytes) {
  std::string tmp = path + ".part";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IoError("cannot write " + path);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      std::filesystem::remove(tmp);
      return Status::IoError("cannot write " + path);
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp);
    return Status::IoError("cannot write " + path);
  }
  return Status::Ok();
}

Result<std::string> Language(Store& store, const Args& args) {
  std::optional<std::string> lang = args.Get("language");
  if (!lang) {
    STEM_ASSIGN_OR_RETURN(lang, store.KioskSetting("default_language"));
  }
  std::string l = lang.value_or("en");
  if (l != "en" && l != "es") {
    return Status::InvalidArgument("unknown_language", "language must be en or es");
  }
  return l;
}

Status PrintCommand(Context& ctx, const std::vector<std::string>& argv) {
  STEM_ASSIGN_OR_RETURN(
      Args args, Args::Parse(argv, {{"printer", "out", "stock", "language", "reprint",
                                     "volunteer", "event"},
                                    {}}));
  const auto& pos = args.positionals();
  bool test = !pos.empty() && pos[0] == "test";
  if (pos.empty() || (test && pos.size() != 1) || (!test && pos.size() != 2) ||
      (!test && pos[0] != "badge" && pos[0] != "stub" && pos[0] != "labels")) {
    return Status::InvalidArgument("usage", "print badge|stub|labels PERSON, or print test");
  }
  if (args.Has("printer") && args.Has("out")) {
    return Status::InvalidArgument("usage", "give --printer or --out, not both");
  }
  if (test && (args.Has("reprint") || args.Has("volunteer"))) {
    return Status::InvalidArgument("usage", "a test label is not a reprint");
  }
  STEM_ASSIGN_OR_RETURN(Store store, ctx.OpenStore());
  STEM_ASSIGN_OR_RETURN(labels::PrintSettings settings, labels::LoadPrintSettings(store));
  const labels::LabelStock* stock = settings.stock;
  if (std::optional<std::string> id = args.Get("stock")) {
    stock = labels::FindLabelStock(*id);
    if (stock == nullptr) {
      return Status::InvalidArgument("unknown_label_stock",
                                     "no label stock " + *id + " (see `kioskctl printer list`)");
    }
  }
  STEM_ASSIGN_OR_RETURN(std::string language, Language(store, args));
  labels::LabelWords words = labels::LabelWordsFor(language);
  std::string queue = args.Get("printer").value_or(settings.printer);
  std::optional<std::string> out = args.Get("out");
  if (test) {
    STEM_ASSIGN_OR_RETURN(std::string pdf,
                          labels::DrawTestLabel(*stock, out ? "PDF" : queue, words));
    if (out) {
      STEM_RETURN_IF_ERROR(WriteFile(*out, pdf));
      ctx.Print("Wrote a test label (" + stock->id + ") to " + *out,
                {{"file", *out}, {"stock", stock->id}});
      return Status::Ok();
    }
    labels::PrintOutcome o;
    o.problem = PrintProblem::kNoPrinterChosen;
    if (!queue.empty()) o = labels::MakeCupsPrinter()->Print(queue, pdf, "stem-kiosk test label");
    if (!o.ok()) return Refusal(o.problem, "a test label", queue);
    ctx.Print("Printed a test label on " + queue + " (" + stock->id + "), job " +
                  std::to_string(o.job_id),
              {{"printer", queue}, {"stock", stock->id}, {"job", o.job_id}});
    return Status::Ok();
  }
  STEM_ASSIGN_OR_RETURN(Person person, FindPerson(store, pos[1], args.Get("event")));
  std::vector<LabelKind> kinds;
  if (pos[0] == "badge") kinds = {LabelKind::kBadge};
  if (pos[0] == "stub") kinds = {LabelKind::kStub};
  std::string whom = " for " + person.given_name + " " + person.family_name;
  if (out) {
    if (kinds.empty()) {
      kinds = {LabelKind::kBadge};
      STEM_ASSIGN_OR_RETURN(std::optional<OpenCheckInInfo> open, store.LatestOpenCheckIn(person.id));
      if (open && !open->pickup_code.empty()) kinds.push_back(LabelKind::kStub);
    }
    STEM_ASSIGN_OR_RETURN(std::string pdf,
                          labels::DrawLabels(store, person.id, kinds, *stock, words));
    STEM_RETURN_IF_ERROR(WriteFile(*out, pdf));
    ctx.Print("Wrote " + What(kinds) + whom + " (" + stock->id + ") to " + *out,
              {{"file", *out}, {"stock", stock->id}, {"labels", Names(kinds)}});
    return Status::Ok();
  }
  labels::LabelPrintRequest req{person.id, kinds, args.Has("reprint"),
                                args.Get("reprint").value_or(""),
                                args.Get("volunteer").value_or(""), language, queue, stock};
  std::unique_ptr<labels::Printer> printer = labels::MakeCupsPrinter();
  STEM_ASSIGN_OR_RETURN(labels::LabelPrintResult r, labels::PrintLabels(store, *printer, req));
  if (!r.outcome.ok()) return Refusal(r.outcome.problem, What(r.kinds), queue);
  ctx.Print("Printed " + What(r.kinds) + whom + " on " + queue + " (" + stock->id + "), job " +
                std::to_string(r.outcome.job_id),
            {{"printer", queue}, {"stock", stock->id}, {"job", r.outcome.job_id},
             {"labels", Names(r.kinds)}});
  return Status::Ok();
}

Status PrinterList(Context& ctx, const std::vector<std::string>& argv) {
  STEM_ASSIGN_OR_RETURN(Args args, Args::Parse(argv, {{}, {}}));
  if (!args.positionals().empty()) return Status::InvalidArgument("usage", "printer list takes no arguments");
  STEM_ASSIGN_OR_RETURN(Store store, ctx.OpenStore());
  STEM_ASSIGN_OR_RETURN(labels::PrintSettings settings, labels::LoadPrintSettings(store));
  Result<std::vector<labels::PrinterQueue>> queues = labels::MakeCupsPrinter()->Queues();
  std::string text = "Chosen printer: " + (settings.printer.empty() ? "none" : settings.printer) +
                     "\nLabel stock: " + settings.stock->id + "\n\nPrinters:\n";
  nlohmann::json doc = {{"printer", settings.printer}, {"stock", settings.stock->id},
                        {"printers", nlohmann::json::array()}, {"stocks", nlohmann::json::array()}};
  if (!queues.ok()) {
    text += "  (" + ProblemWords(PrintProblem::kNoPrintSystem, "") + ")\n";
    doc["printers"] = nullptr;
  } else if (queues->empty()) {
    text += "  (none: add one with CUPS, see the README)\n";
  } else {
    for (const labels::PrinterQueue& q : *queues) {
      text += std::string(q.name == settings.printer ? "* " : "  ") + q.name +
              (q.description.empty() ? "" : " (" + q.description + ")") + ": " +
              ProblemWords(q.problem, q.name) + (q.is_default ? " [default]" : "") + "\n";
      doc["printers"].push_back({{"name", q.name},
                                 {"description", q.description},
                                 {"default", q.is_default},
                                 {"state", labels::ProblemName(q.problem)}});
    }
  }
  text += "\nLabel stocks:\n";
  for (const labels::LabelStock& s : labels::LabelStocks()) {
    text += std::string(&s == settings.stock ? "* " : "  ") + s.id + "  " + s.description + "\n";
    doc["stocks"].push_back({{"id", s.id}, {"description", s.description}});
  }
  ctx.Print(text, doc);
  return Status::Ok();
}

Status PrinterUse(Context& ctx, const std::vector<std::string>& argv) {
  STEM_ASSIGN_OR_RETURN(Args args, Args::Parse(argv, {{"stock"}, {}}));
  if (args.positionals().size() != 1) {
    return Status::InvalidArgument("usage", "printer use QUEUE (or none) [--stock ID]");
  }
  std::string queue = args.positionals()[0] == "none" ? "" : args.positionals()[0];
  STEM_ASSIGN_OR_RETURN(Store store, ctx.OpenStore());
  STEM_ASSIGN_OR_RETURN(labels::PrintSettings settings, labels::LoadPrintSettings(store));
  std::string stock = args.Get("stock").value_or(settings.stock->id);
  if (!queue.empty()) {
    Result<std::vector<labels::PrinterQueue>> queues = labels::MakeCupsPrinter()->Queues();
    if (!queues.ok()) {
      return Status::IoError(ProblemWords(PrintProblem::kNoPrintSystem, queue));
    }
    bool known = false;
    for (const labels::PrinterQueue& q : *queues) known = known || q.name == queue;
    if (!known) {
      return Status::NotFound("print_no_such_printer",
                              ProblemWords(PrintProblem::kNoSuchPrinter, queue) +
                                  " (see `kioskctl printer list`)");
    }
  }
  STEM_RETURN_IF_ERROR(labels::SavePrintSettings(store, queue, stock));
  ctx.Print(queue.empty() ? "No printer: nothing prints at check-in"
                          : "Labels print on " + queue + " (" + stock + ")",
            {{"printer", queue}, {"stock", stock}});
  return Status::Ok();
}

}  // namespace

std::vector<CommandInfo> PrintCommands() {
  return {
      {"print",
       "print badge|stub|labels PERSON [--printer QUEUE | --out FILE.pdf] [--stock ID]\n"
       "        [--language en|es] [--reprint REASON] [--volunteer NAME]; print test [...]",
       PrintCommand},
      {"printer list", "printer list      the printers (CUPS queues) and label stocks", PrinterList},
      {"printer use", "printer use QUEUE|none [--stock ID]   where labels print at check-in",
       PrinterUse},
  };
}

}  // namespace stem::ctl
