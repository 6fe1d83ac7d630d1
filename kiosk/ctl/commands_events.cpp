// event create|list|use, activity add|list.
#include "kiosk/ctl/args.h"
#include "kiosk/ctl/kioskctl.h"

namespace stem::ctl {
namespace {

nlohmann::json EventJson(const Event& e) {
  return {{"id", e.id},           {"name", e.name},       {"kind", e.kind},
          {"starts_on", e.starts_on}, {"ends_on", e.ends_on}, {"venue", e.venue}};
}

Status EventCreate(Context& ctx, const std::vector<std::string>& argv) {
  STEM_ASSIGN_OR_RETURN(Args args,
                        Args::Parse(argv, {{"name", "kind", "start", "end", "venue"}, {"use"}}));
  if (!args.positionals().empty()) {
    return Status::InvalidArgument("usage", "unexpected \"" + args.positionals()[0] + "\"");
  }
  NewEvent e;
  STEM_ASSIGN_OR_RETURN(e.name, args.Require("name"));
  STEM_ASSIGN_OR_RETURN(e.kind, args.Require("kind"));
  STEM_ASSIGN_OR_RETURN(e.starts_on, args.Require("start"));
  e.ends_on = args.Get("end").value_or(e.starts_on);
  e.venue = args.Get("venue").value_or("");
  STEM_ASSIGN_OR_RETURN(Store store, ctx.OpenStore());
  STEM_ASSIGN_OR_RETURN(Event event, store.CreateEvent(e));
  if (args.Has("use")) STEM_RETURN_IF_ERROR(store.UseEvent(event.id));
  ctx.Print(event.id, EventJson(event));
  return Status::Ok();
}

Status EventList(Context& ctx, const std::vector<std::string>& argv) {
  STEM_ASSIGN_OR_RETURN(Args args, Args::Parse(argv, {}));
  STEM_ASSIGN_OR_RETURN(Store store, ctx.OpenStore());
  STEM_ASSIGN_OR_RETURN(std::vector<Event> events, store.ListEvents());
  Result<Event> current = store.CurrentEvent();
  nlohmann::json doc = nlohmann::json::array();
  std::string text;
  for (const Event& e : events) {
    bool is_current = current.ok() && current->id == e.id;
    nlohmann::json j = EventJson(e);
    j["current"] = is_current;
    doc.push_back(j);
    text += (is_current ? "* " : "  ") + e.id + "  " + e.kind + "  " + e.starts_on + ".." +
            e.ends_on + "  " + e.name + (e.venue.empty() ? "" : " (" + e.venue + ")") + "\n";
  }
  if (events.empty()) text = "No events yet; create one with `kioskctl event create`";
  ctx.Print(text, doc);
  return Status::Ok();
}

Status EventUse(Context& ctx, const std::vector<std::string>& argv) {
  STEM_ASSIGN_OR_RETURN(Args args, Args::Parse(argv, {}));
  if (args.positionals().size() != 1) return Status::InvalidArgument("usage", "event use needs an event id");
  STEM_ASSIGN_OR_RETURN(Store store, ctx.OpenStore());
  STEM_RETURN_IF_ERROR(store.UseEvent(args.positionals()[0]));
  STEM_ASSIGN_OR_RETURN(Event e, store.CurrentEvent());
  ctx.Print("This kiosk now serves " + e.name, EventJson(e));
  return Status::Ok();
}

Status ActivityAdd(Context& ctx, const std::vector<std::string>& argv) {
  STEM_ASSIGN_OR_RETURN(Args args, Args::Parse(argv, {{"name", "capacity", "event"}, {}}));
  NewActivity a;
  STEM_ASSIGN_OR_RETURN(a.name, args.Require("name"));
  STEM_ASSIGN_OR_RETURN(a.capacity, args.GetInt("capacity", 1, 100000));
  STEM_ASSIGN_OR_RETURN(Store store, ctx.OpenStore());
  STEM_ASSIGN_OR_RETURN(Event e, ChosenEvent(store, args.Get("event")));
  STEM_ASSIGN_OR_RETURN(Activity activity, store.AddActivity(e.id, a));
  ctx.Print(activity.id, {{"id", activity.id},
                          {"event_id", activity.event_id},
                          {"name", activity.name},
                          {"capacity", activity.capacity ? nlohmann::json(*activity.capacity)
                                                         : nlohmann::json(nullptr)}});
  return Status::Ok();
}

Status ActivityList(Context& ctx, const std::vector<std::string>& argv) {
  STEM_ASSIGN_OR_RETURN(Args args, Args::Parse(argv, {{"event"}, {}}));
  STEM_ASSIGN_OR_RETURN(Store store, ctx.OpenStore());
  STEM_ASSIGN_OR_RETURN(Event e, ChosenEvent(store, args.Get("event")));
  STEM_ASSIGN_OR_RETURN(std::vector<Activity> list, store.ListActivities(e.id));
  nlohmann::json doc = nlohmann::json::array();
  std::string text;
  for (const Activity& a : list) {
    doc.push_back({{"id", a.id},
                   {"name", a.name},
                   {"capacity", a.capacity ? nlohmann::json(*a.capacity) : nlohmann::json(nullptr)}});
    text += a.id + "  " + a.name +
            (a.capacity ? "  (" + std::to_string(*a.capacity) + " places)" : "") + "\n";
  }
  if (list.empty()) text = "No activities at " + e.name;
  ctx.Print(text, doc);
  return Status::Ok();
}

}  // namespace

std::vector<CommandInfo> EventCommands() {
  return {
      {"event create",
       "event create --name N --kind fair|camp --start YYYY-MM-DD [--end YYYY-MM-DD] "
       "[--venue V] [--use]",
       EventCreate},
      {"event list", "event list", EventList},
      {"event use", "event use EVENT_ID            choose the event this kiosk serves", EventUse},
      {"activity add", "activity add --name N [--capacity N] [--event ID]", ActivityAdd},
      {"activity list", "activity list [--event ID]", ActivityList},
  };
}

}  // namespace stem::ctl
