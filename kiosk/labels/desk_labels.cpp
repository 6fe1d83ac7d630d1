#include "kiosk/labels/desk_labels.h"

#include "data/validate.h"
#include "kiosk/labels/label_layout.h"
#include "kiosk/labels/pdf_label.h"

namespace stem::labels {
namespace {

struct Student {
  Person person;
  Event event;
  std::optional<OpenCheckInInfo> open;
  std::string activity;  // the open check-in's activity, by name
};

Result<Student> ReadStudent(Store& store, const std::string& person_id) {
  Student s;
  STEM_ASSIGN_OR_RETURN(s.person, store.GetPerson(person_id));
  if (s.person.role != "student") {
    return Status::InvalidArgument("not_a_student", "labels are printed for students");
  }
  STEM_ASSIGN_OR_RETURN(s.event, store.GetEvent(s.person.event_id));
  STEM_ASSIGN_OR_RETURN(s.open, store.LatestOpenCheckIn(person_id));
  if (s.open && !s.open->activity_id.empty()) {
    STEM_ASSIGN_OR_RETURN(std::vector<Activity> activities, store.ListActivities(s.event.id));
    for (const Activity& a : activities) {
      if (a.id == s.open->activity_id) s.activity = a.name;
    }
  }
  return s;
}

Badge BadgeOf(const Student& s, const LabelWords& words) {
  Badge b;
  b.given_name = s.person.given_name;
  b.family_name = s.person.family_name;
  if (s.person.grade && !s.person.grade->empty()) b.details = words.grade + " " + *s.person.grade;
  if (!s.activity.empty()) b.details += (b.details.empty() ? "" : " · ") + s.activity;
  b.event_name = s.event.name;
  if (s.person.allergy_flag) b.allergy = words.allergy;
  b.code = s.person.confirmation_code.value_or("");
  return b;
}

}  // namespace

const char* LabelKindName(LabelKind kind) { return kind == LabelKind::kBadge ? "badge" : "stub"; }

std::optional<LabelKind> ParseLabelKind(std::string_view name) {
  if (name == "badge") return LabelKind::kBadge;
  if (name == "stub") return LabelKind::kStub;
  return std::nullopt;
}

LabelWords LabelWordsFor(std::string_view language) {
  if (language == "es") {
    return {"Grado", "ALERGIA", "Código de recogida", "Muéstrelo al recoger a su hijo",
            "Etiqueta de prueba"};
  }
  return {"Grade", "ALLERGY", "Pickup code", "Show this to pick up your child", "Test label"};
}

Result<std::string> DrawLabels(Store& store, const std::string& person_id,
                               const std::vector<LabelKind>& kinds, const LabelStock& stock,
                               const LabelWords& words) {
  STEM_ASSIGN_OR_RETURN(Student s, ReadStudent(store, person_id));
  std::vector<LabelPage> pages;
  for (LabelKind kind : kinds) {
    LabelDrawing d;
    int cell = stock.is_sheet() ? static_cast<int>(pages.empty() ? 0 : pages[0].size()) : 0;
    if (kind == LabelKind::kBadge) {
      d = LayOutBadge(stock, BadgeOf(s, words), cell);
    } else {
      if (!s.open || s.open->pickup_code.empty()) {
        return Status::NotFound("no_pickup_code",
                                "this student has no open check-in with a pickup code");
      }
      d = LayOutStub(stock, {s.person.given_name, words.pickup_code, s.open->pickup_code,
                             s.event.name, words.stub_note},
                     cell);
    }
    if (stock.is_sheet() && !pages.empty()) {
      pages[0].push_back(std::move(d));
    } else {
      pages.push_back({std::move(d)});
    }
  }
  return RenderPdf(stock, pages);
}

Result<std::string> DrawTestLabel(const LabelStock& stock, const std::string& printer,
                                  const LabelWords& words) {
  return RenderPdf(stock, {{LayOutTestLabel(stock, words.test_title, printer, "TEST")}});
}

Result<PrintSettings> LoadPrintSettings(Store& store) {
  PrintSettings s;
  s.stock = &LabelStocks().front();
  STEM_ASSIGN_OR_RETURN(std::optional<std::string> saved, store.KioskSetting("label_printing"));
  if (!saved) return s;
  nlohmann::json j = nlohmann::json::parse(*saved, nullptr, false);
  if (!j.is_object()) return s;
  if (j.contains("printer") && j["printer"].is_string()) s.printer = j["printer"];
  if (j.contains("stock") && j["stock"].is_string()) {
    if (const LabelStock* stock = FindLabelStock(j["stock"].get<std::string>())) s.stock = stock;
  }
  return s;
}

Status SavePrintSettings(Store& store, const std::string& printer, const std::string& stock_id) {
  if (FindLabelStock(stock_id) == nullptr) {
    return Status::InvalidArgument("unknown_label_stock", "no label stock " + stock_id);
  }
  STEM_RETURN_IF_ERROR(validate::Text("printer", printer, 200, false));
  return store.SetKioskSetting("label_printing",
                               nlohmann::json{{"printer", printer}, {"stock", stock_id}}.dump());
}

Status RecordPrint(Store& store, const PrintRecord& print) {
  STEM_RETURN_IF_ERROR(validate::Text("reason", print.reason, 200, false));
  STEM_ASSIGN_OR_RETURN(Person p, store.GetPerson(print.person_id));
  nlohmann::json detail = {{"label", LabelKindName(print.kind)},
                           {"reprint", print.reprint},
                           {"printer", print.printer},
                           {"outcome", print.outcome}};
  if (!print.reason.empty()) detail["reason"] = print.reason;
  if (!print.volunteer.empty()) detail["volunteer"] = print.volunteer;
  return store.Audit("label_printed", detail, p.event_id, p.id).status();
}

}  // namespace stem::labels

namespace stem::labels {

Result<LabelPrintResult> PrintLabels(Store& store, Printer& printer,
                                     const LabelPrintRequest& request) {
  STEM_ASSIGN_OR_RETURN(PrintSettings settings, LoadPrintSettings(store));
  LabelPrintResult r;
  r.printer = request.printer.empty() ? settings.printer : request.printer;
  r.stock = request.stock ? request.stock : settings.stock;
  r.kinds = request.kinds;
  if (r.kinds.empty()) {
    r.kinds.push_back(LabelKind::kBadge);
    STEM_ASSIGN_OR_RETURN(std::optional<OpenCheckInInfo> open,
                          store.LatestOpenCheckIn(request.person_id));
    if (open && !open->pickup_code.empty()) r.kinds.push_back(LabelKind::kStub);
  }
  STEM_ASSIGN_OR_RETURN(std::string pdf, DrawLabels(store, request.person_id, r.kinds, *r.stock,
                                                    LabelWordsFor(request.language)));
  if (r.printer.empty()) {
    r.outcome.problem = PrintProblem::kNoPrinterChosen;
    r.outcome.detail = "no printer chosen";
  } else {
    // The job's title shows in CUPS's queue and logs: no child's name there.
    r.outcome = printer.Print(r.printer, pdf, "stem-kiosk label");
  }
  for (LabelKind kind : r.kinds) {
    STEM_RETURN_IF_ERROR(RecordPrint(
        store, {request.person_id, kind, request.reprint, request.reason, request.volunteer,
                r.printer, r.outcome.ok() ? "sent" : ProblemName(r.outcome.problem)}));
  }
  return r;
}

}  // namespace stem::labels
