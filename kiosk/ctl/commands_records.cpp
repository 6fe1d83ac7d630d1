// checkin, checkout, submit.
#include "data/uuid.h"
#include "data/validate.h"
#include "kiosk/ctl/args.h"
#include "kiosk/ctl/kioskctl.h"

namespace stem::ctl {
namespace {

// A refused duplicate check-in, told with who recorded the open one, where and when.
Status DuplicateCheckIn(Store& store, const CheckInRequest& req, const Status& refused) {
  Result<std::optional<OpenCheckInInfo>> open = store.FindOpenCheckIn(req.person_id, req.activity_id);
  if (!open.ok() || !open->has_value()) return refused;
  const OpenCheckInInfo& o = **open;
  std::string where = o.station_name.empty() ? "kiosk " + o.device_short
                                             : "\"" + o.station_name + "\"";
  if (o.device_id == store.device_id()) where += " (this kiosk)";
  std::string text = "already checked in at " + o.checked_in_at + " on " + where;
  if (!o.volunteer.empty()) text += " by " + o.volunteer;
  return Status::Conflict("duplicate_checkin",
                          text + " (record " + o.record_id +
                              "); give --override REASON to check in again");
}

Status CheckInCommand(Context& ctx, const std::vector<std::string>& argv) {
  STEM_ASSIGN_OR_RETURN(Args args,
                        Args::Parse(argv, {{"activity", "override", "volunteer", "event"}, {}}));
  if (args.positionals().size() != 1) {
    return Status::InvalidArgument("usage", "checkin needs a person id or confirmation code");
  }
  STEM_ASSIGN_OR_RETURN(Store store, ctx.OpenStore());
  STEM_ASSIGN_OR_RETURN(Person p, FindPerson(store, args.positionals()[0], args.Get("event")));
  CheckInRequest req{p.id, args.Get("activity").value_or(""), args.Get("override"),
                     args.Get("volunteer").value_or("")};
  Result<CheckInResult> done = store.CheckIn(req);
  if (!done.ok() && done.status().reason() == "duplicate_checkin") {
    return DuplicateCheckIn(store, req, done.status());
  }
  STEM_ASSIGN_OR_RETURN(CheckInResult r, std::move(done));
  std::string text = "Checked in " + p.given_name + " " + p.family_name;
  if (r.overrode) text += " (override recorded)";
  if (!r.pickup_code.empty()) text += "\nPickup code: " + r.pickup_code;
  text += "\nRecord id: " + r.record.id;
  ctx.Print(text, {{"record_id", r.record.id},
                   {"person_id", p.id},
                   {"pickup_code", r.pickup_code.empty() ? nlohmann::json(nullptr)
                                                         : nlohmann::json(r.pickup_code)},
                   {"override", r.overrode}});
  return Status::Ok();
}

Status CheckOutCommand(Context& ctx, const std::vector<std::string>& argv) {
  STEM_ASSIGN_OR_RETURN(
      Args args, Args::Parse(argv, {{"activity", "code", "override", "volunteer", "event"}, {}}));
  if (args.positionals().size() != 1) {
    return Status::InvalidArgument("usage", "checkout needs a person id or confirmation code");
  }
  if (args.Has("code") && args.Has("override")) {
    return Status::InvalidArgument("usage", "give --code or --override, not both");
  }
  STEM_ASSIGN_OR_RETURN(Store store, ctx.OpenStore());
  STEM_ASSIGN_OR_RETURN(Person p, FindPerson(store, args.positionals()[0], args.Get("event")));
  CheckOutRequest req{p.id, args.Get("activity").value_or(""), args.Get("code"),
                      args.Get("override"), args.Get("volunteer").value_or("")};
  STEM_ASSIGN_OR_RETURN(CheckOutResult r, store.CheckOut(req));
  ctx.Print("Checked out " + p.given_name + " " + p.family_name + " (" + r.method +
                ")\nRecord id: " + r.record.id,
            {{"record_id", r.record.id}, {"checkin_id", r.checkin_id}, {"method", r.method}});
  return Status::Ok();
}

Status Submit(Context& ctx, const std::vector<std::string>& argv) {
  STEM_ASSIGN_OR_RETURN(
      Args args, Args::Parse(argv, {{"form", "answers", "lang", "person", "corrects", "event"}, {}}));
  ResponseToSave r;
  STEM_ASSIGN_OR_RETURN(r.form_id, args.Require("form"));
  STEM_ASSIGN_OR_RETURN(std::string path, args.Require("answers"));
  r.language = args.Get("lang").value_or("en");
  STEM_ASSIGN_OR_RETURN(std::string text, ReadFile(path, 1u << 20));
  if (!validate::JsonNestingWithin(text, 32)) {
    return Status::InvalidArgument("invalid_answers", path + " nests answers too deeply");
  }
  try {
    r.answers = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    return Status::InvalidArgument("invalid_answers",
                                   path + " is not valid JSON (at byte " +
                                       std::to_string(e.byte) + ")");
  } catch (const nlohmann::json::exception&) {
    return Status::InvalidArgument("invalid_answers", path + " has a number out of range");
  }
  r.person_id = args.Get("person").value_or("");
  r.supersedes = args.Get("corrects").value_or("");
  STEM_ASSIGN_OR_RETURN(Store store, ctx.OpenStore());
  Result<Event> event = ChosenEvent(store, args.Get("event"));
  if (event.ok()) {
    r.event_id = event->id;
  } else if (args.Get("event")) {
    return event.status();
  }
  STEM_ASSIGN_OR_RETURN(SaveOutcome outcome, store.SaveResponse(r));
  if (!outcome.saved) {
    std::string detail;
    nlohmann::json problems = nlohmann::json::array();
    for (const auto& e : outcome.errors) {
      detail += (detail.empty() ? "" : "; ") + e.path + ": " + e.message;
      problems.push_back({{"question", e.path}, {"code", e.code}, {"message", e.message}});
    }
    if (ctx.json) ctx.Print("", {{"saved", false}, {"problems", problems}});
    return Status::InvalidArgument("answers_need_attention",
                                   std::to_string(outcome.errors.size()) +
                                       " answer(s) need attention, nothing was saved: " + detail);
  }
  // Printed only now, after the commit returned. A registration's children are on the
  // roster with their confirmation codes.
  std::string said = outcome.saved->id;
  nlohmann::json registered = nlohmann::json::array();
  for (const RegistrationResult& child : outcome.registered) {
    said += "\nregistered " + child.student_id + " confirmation code " + child.confirmation_code;
    registered.push_back({{"student_id", child.student_id},
                          {"confirmation_code", child.confirmation_code}});
  }
  ctx.Print(said, {{"saved", true}, {"record_id", outcome.saved->id},
                   {"seq", outcome.saved->seq}, {"registered", registered}});
  return Status::Ok();
}

}  // namespace

std::vector<CommandInfo> RecordCommands() {
  return {
      {"checkin", "checkin PERSON [--activity ID] [--override REASON] [--volunteer NAME]",
       CheckInCommand},
      {"checkout",
       "checkout PERSON (--code CODE | --override REASON) [--activity ID] [--volunteer NAME]",
       CheckOutCommand},
      {"submit",
       "submit --form ID --answers FILE.json [--lang en|es] [--person ID] [--corrects ID]",
       Submit},
  };
}

}  // namespace stem::ctl
