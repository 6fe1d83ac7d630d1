// The desk's "Who is collecting?" for a child whose family named who may collect them.
#include <wx/wrapsizer.h>

#include "kiosk/app/ui/desk_screen.h"
#include "kiosk/app/ui/messages.h"
#include "kiosk/app/ui/theme.h"

namespace stem::kiosk {

void DeskScreen::AddCollectors(wxSizer* s) {
  Theme theme = Theme::From(ctx_);
  s->Add(MakeText(detail_, _("Who is collecting?"), theme.Body(), theme.Foreground()), 0, wxTOP,
         theme.Px(4));
  auto* grid = new wxWrapSizer(wxHORIZONTAL);
  std::vector<std::pair<std::string, wxString>> who;  // name as recorded, label
  if (!selected_->guardian_name.empty()) {
    who.push_back({selected_->guardian_name, U8(selected_->guardian_name) + " (" + _("guardian") + ")"});
  }
  for (const PickupAdult& a : pickup_.pickup_adults) {
    who.push_back({a.name, U8(a.name) + (a.relationship.empty() ? wxString() : " (" + U8(a.relationship) + ")")});
  }
  for (size_t i = 0; i <= who.size(); ++i) {
    const bool other = i == who.size();
    wxString label = other ? _("Someone else") : who[i].second;
    auto* t = MakeToggle(detail_, label, theme, other ? wxString("collector:other")
                                                      : wxString::Format("collector:%zu", i), 22);
    ShowSelected(t, other ? collector_other_ : (!collector_other_ && collector_ == who[i].first), theme);
    std::string name = other ? std::string() : who[i].first;
    t->Bind(wxEVT_TOGGLEBUTTON, [this, other, name](wxCommandEvent& e) {
      e.Skip();
      if (state_ == State::kWorking) return;
      collector_other_ = other;
      collector_ = other ? "" : name;
      // Not on the list: only an override with a reason lets the child go.
      CallAfter([this, other] {
        if (other) {
          AskReason(Override::kCheckOut);
          Say(_("Not on this child's pickup list: an override with a reason is needed (who is "
                "collecting, and who agreed)."),
              Theme::From(ctx_).Error(), 24);
        } else {
          ShowDetail();
        }
      });
    });
    grid->Add(t, 0, wxRIGHT | wxBOTTOM, theme.Px(6));
  }
  s->Add(grid, 0, wxEXPAND | wxTOP, theme.Px(4));
}

}  // namespace stem::kiosk
