// roster import|search, register (walk-up).
#include "kiosk/ctl/args.h"
#include "kiosk/ctl/kioskctl.h"

namespace stem::ctl {
namespace {

nlohmann::json PersonJson(const Person& p) {
  auto opt = [](const std::optional<std::string>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
  };
  return {{"id", p.id},
          {"given_name", p.given_name},
          {"family_name", p.family_name},
          {"birth_date", opt(p.birth_date)},
          {"grade", opt(p.grade)},
          {"school", opt(p.school)},
          {"phone", opt(p.phone)},
          {"confirmation_code", opt(p.confirmation_code)},
          {"allergy_flag", p.allergy_flag},
          {"source", p.source}};
}

Status RosterImport(Context& ctx, const std::vector<std::string>& argv) {
  STEM_ASSIGN_OR_RETURN(Args args, Args::Parse(argv, {{"event"}, {}}));
  if (args.positionals().size() != 1) {
    return Status::InvalidArgument("usage", "roster import needs one CSV file");
  }
  const std::string& path = args.positionals()[0];
  STEM_ASSIGN_OR_RETURN(std::string text, ReadFile(path, 64u << 20));
  STEM_ASSIGN_OR_RETURN(Store store, ctx.OpenStore());
  STEM_ASSIGN_OR_RETURN(Event e, ChosenEvent(store, args.Get("event")));
  Result<RosterImportReport> report = store.ImportRoster(e.id, text);
  if (!report.ok()) {
    const Status& s = report.status();
    return Status::InvalidArgument(s.reason(), path + ", " + s.detail() +
                                                   "; nothing was imported");
  }
  ctx.Print("Imported " + path + " into " + e.name + ": " +
                std::to_string(report->students_added) + " students added, " +
                std::to_string(report->students_updated) + " updated, " +
                std::to_string(report->guardians_added) + " guardians added",
            {{"event_id", e.id},
             {"students_added", report->students_added},
             {"students_updated", report->students_updated},
             {"guardians_added", report->guardians_added}});
  return Status::Ok();
}

Status RosterSearch(Context& ctx, const std::vector<std::string>& argv) {
  STEM_ASSIGN_OR_RETURN(Args args, Args::Parse(argv, {{"event", "limit"}, {}}));
  if (args.positionals().empty()) return Status::InvalidArgument("usage", "roster search needs TEXT");
  std::string text;
  for (const std::string& p : args.positionals()) text += (text.empty() ? "" : " ") + p;
  STEM_ASSIGN_OR_RETURN(std::optional<int64_t> limit, args.GetInt("limit", 1, 500));
  STEM_ASSIGN_OR_RETURN(Store store, ctx.OpenStore());
  STEM_ASSIGN_OR_RETURN(Event e, ChosenEvent(store, args.Get("event")));
  STEM_ASSIGN_OR_RETURN(std::vector<RosterHit> hits,
                        store.SearchRoster(e.id, text, static_cast<int>(limit.value_or(20))));
  nlohmann::json doc = nlohmann::json::array();
  std::string out;
  for (const RosterHit& h : hits) {
    nlohmann::json j = PersonJson(h.student);
    j["guardian"] = h.guardian_name;
    j["checked_in"] = h.checked_in;
    doc.push_back(j);
    const Person& p = h.student;
    out += p.id + "  " + p.given_name + " " + p.family_name;
    if (p.grade) out += "  grade " + *p.grade;
    if (!h.guardian_name.empty()) out += "  guardian: " + h.guardian_name;
    if (p.confirmation_code) out += "  code " + *p.confirmation_code;
    if (p.allergy_flag) out += "  [allergy]";
    if (h.checked_in) out += "  [checked in]";
    out += "\n";
  }
  if (hits.empty()) out = "No one on the roster matches \"" + text + "\"";
  ctx.Print(out, doc);
  return Status::Ok();
}

Status Register(Context& ctx, const std::vector<std::string>& argv) {
  STEM_ASSIGN_OR_RETURN(
      Args args,
      Args::Parse(argv, {{"first", "last", "birth-date", "grade", "school", "guardian-first",
                          "guardian-last", "phone", "email", "event"},
                         {"allergies"}}));
  NewRegistration reg;
  STEM_ASSIGN_OR_RETURN(reg.student.given_name, args.Require("first"));
  reg.student.family_name = args.Get("last").value_or("");
  reg.student.birth_date = args.Get("birth-date");
  reg.student.grade = args.Get("grade");
  reg.student.school = args.Get("school");
  reg.student.phone = args.Get("phone");
  reg.student.email = args.Get("email");
  reg.student.allergy_flag = args.Has("allergies");
  reg.guardian.given_name = args.Get("guardian-first").value_or("");
  reg.guardian.family_name = args.Get("guardian-last").value_or("");
  reg.guardian.phone = reg.student.phone;
  reg.guardian.email = reg.student.email;
  STEM_ASSIGN_OR_RETURN(Store store, ctx.OpenStore());
  STEM_ASSIGN_OR_RETURN(Event e, ChosenEvent(store, args.Get("event")));
  reg.event_id = e.id;
  STEM_ASSIGN_OR_RETURN(RegistrationResult r, store.Register(reg));
  ctx.Print("Registered; confirmation code " + r.confirmation_code + "\nStudent id: " +
                r.student_id + "\nRecord id: " + r.record.id,
            {{"record_id", r.record.id},
             {"student_id", r.student_id},
             {"confirmation_code", r.confirmation_code}});
  return Status::Ok();
}

}  // namespace

std::vector<CommandInfo> RosterCommands() {
  return {
      {"roster import", "roster import FILE.csv [--event ID]  all rows or none", RosterImport},
      {"roster search", "roster search TEXT [--limit N] [--event ID]  name, phone or code",
       RosterSearch},
      {"register",
       "register --first N [--last N] [--birth-date D] [--grade G] [--school S] "
       "[--guardian-first N] [--guardian-last N] [--phone P] [--email E] [--allergies]",
       Register},
  };
}

}  // namespace stem::ctl
