#include "sync/hub/export/tables_export.h"

#include <algorithm>
#include <set>

namespace stem::hub {
namespace {

using table::Cell;

// Every known version of a form, loaded; versions whose spec no longer loads are skipped.
Result<std::vector<forms::FormSpec>> Versions(HubStorage& storage, const std::string& form_id) {
  STEM_ASSIGN_OR_RETURN(std::vector<HubForm> known, storage.ListForms(form_id));
  std::vector<forms::FormSpec> out;
  for (const HubForm& f : known) {
    forms::LoadResult loaded = forms::LoadFormSpec(f.spec_json);
    if (auto* spec = std::get_if<forms::FormSpec>(&loaded)) out.push_back(std::move(*spec));
  }
  return out;
}

Status WrongKey(const Status& s) {
  if (s.ok()) return s;
  return Status::Denied("wrong_key",
                        "a sealed answer does not open with this private key; is it the "
                        "nonprofit's key whose public key the kiosks use?");
}

Status ExportForm(HubStorage& storage, const TablesOptions& o, const table::RowMaker& rows,
                  const table::FormLayout& layout, TableSink& sink, int64_t* count) {
  // A scholarship form's table ends with its review: status, score, reviewer.
  bool reviewed = layout.kind == "scholarship";
  std::vector<table::Column> columns = table::ResponseColumns(layout, o.filter.history);
  if (reviewed) {
    for (table::Column& c : table::ReviewColumns()) columns.push_back(std::move(c));
  }
  STEM_ASSIGN_OR_RETURN(int main, sink.Begin(layout.form_id, columns));
  std::vector<int> repeats;
  for (const table::RepeatTable& r : layout.repeats) {
    STEM_ASSIGN_OR_RETURN(int t, sink.Begin(layout.form_id + "-" + r.repeat_id,
                                            table::RepeatColumns(r)));
    repeats.push_back(t);
  }
  return storage.ForEachResponse(layout.form_id, o.filter, [&](const ResponseRow& r) -> Status {
    Result<table::RowMaker::ResponseCells> cells = rows.Response(layout, r, o.filter.history);
    if (!cells.ok()) return WrongKey(cells.status());
    if (reviewed) {
      for (table::Cell& c : table::ReviewCells(r)) cells->main.push_back(std::move(c));
    }
    STEM_RETURN_IF_ERROR(sink.Row(main, cells->main));
    for (size_t i = 0; i < repeats.size(); ++i) {
      for (const std::vector<Cell>& row : cells->repeats[i]) {
        STEM_RETURN_IF_ERROR(sink.Row(repeats[i], row));
      }
    }
    for (const table::RowMaker::Signature& s : cells->signatures) {
      std::string name = "signatures/" + r.record_id + "-" + s.question_id +
                         (s.entry > 0 ? "-" + std::to_string(s.entry) : "") + ".svg";
      STEM_RETURN_IF_ERROR(sink.Attachment(name, s.svg));
    }
    ++*count;
    return Status::Ok();
  });
}

}  // namespace

Result<TablesSummary> ExportTables(HubStorage& storage, const TablesOptions& o, TableSink& sink) {
  if (!o.filter.event_id.empty()) {
    STEM_ASSIGN_OR_RETURN(bool known, storage.EventKnown(o.filter.event_id));
    if (!known) {
      return Status::NotFound("unknown_event", "the hub knows no event " + o.filter.event_id +
                                                   "; see stem-hub event list");
    }
  }
  // Everything that needs the storage is read before rows stream (visitors must not call it).
  STEM_ASSIGN_OR_RETURN(std::vector<std::string> form_ids, storage.FormsWithResponses(o.filter));
  if (!o.form_id.empty()) {
    STEM_ASSIGN_OR_RETURN(std::vector<HubForm> known, storage.ListForms(o.form_id));
    bool answered = std::find(form_ids.begin(), form_ids.end(), o.form_id) != form_ids.end();
    if (known.empty() && !answered) {
      return Status::NotFound("unknown_form", "the hub knows no form " + o.form_id +
                                                  "; see stem-hub forms list");
    }
    form_ids = {o.form_id};
  }
  table::Naming naming{o.language};
  std::vector<table::FormLayout> layouts;
  for (const std::string& id : form_ids) {
    STEM_ASSIGN_OR_RETURN(std::vector<forms::FormSpec> versions, Versions(storage, id));
    if (versions.empty()) continue;  // no version known: only the JSON export has them
    STEM_ASSIGN_OR_RETURN(std::vector<QuestionKey> numbered, storage.FormQuestions(id));
    layouts.push_back(table::LayoutOf(versions, numbered, naming));
  }
  std::map<std::string, std::string> kiosk_names;
  STEM_ASSIGN_OR_RETURN(std::vector<DeviceInfo> devices, storage.ListDevices());
  for (const DeviceInfo& d : devices) {
    if (!d.kiosk_id.empty()) kiosk_names[d.kiosk_id] = d.name;
  }
  TablesSummary summary;
  STEM_ASSIGN_OR_RETURN(summary.unknown, storage.UnknownFormVersions(o.filter));
  table::RowMaker rows(naming, o.keys, kiosk_names, o.signatures && sink.TakesAttachments());

  if (o.form_id.empty()) {
    STEM_ASSIGN_OR_RETURN(int people, sink.Begin("people", table::PeopleColumns()));
    STEM_RETURN_IF_ERROR(storage.ForEachPerson(o.filter, [&](const PersonRow& p) {
      ++summary.people;
      return sink.Row(people, rows.Person(p));
    }));
    STEM_ASSIGN_OR_RETURN(int attendance, sink.Begin("attendance", table::AttendanceColumns()));
    STEM_RETURN_IF_ERROR(storage.ForEachAttendance(o.filter, [&](const AttendanceRow& a) {
      ++summary.attendance;
      return sink.Row(attendance, rows.Attendance(a));
    }));
    // Badges and pickup stubs printed and reprinted at the desks, and why any did not print.
    STEM_ASSIGN_OR_RETURN(int prints, sink.Begin("label_prints", table::LabelPrintColumns()));
    STEM_RETURN_IF_ERROR(storage.ForEachLabelPrint(o.filter, [&](const LabelPrint& l) {
      ++summary.label_prints;
      return sink.Row(prints, rows.LabelPrinted(l));
    }));
  }
  for (const table::FormLayout& layout : layouts) {
    int64_t n = 0;
    STEM_RETURN_IF_ERROR(ExportForm(storage, o, rows, layout, sink, &n));
    summary.responses[layout.form_id] = n;
  }
  STEM_RETURN_IF_ERROR(sink.Finish());
  return summary;
}

}  // namespace stem::hub
