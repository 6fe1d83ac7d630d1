#include "kiosk/app/ui/sync_status_view.h"

#include "kiosk/app/ui/sync_words.h"
#include "kiosk/app/ui/theme.h"

namespace stem::kiosk {

SyncStatusView::SyncStatusView(wxWindow* parent, KioskContext& ctx, SyncLink& link)
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "sync_view"),
      ctx_(ctx),
      link_(link) {
  Theme theme = Theme::From(ctx);
  PaintPanel(this, theme);
  auto* row = new wxBoxSizer(wxHORIZONTAL);
  auto* text = new wxBoxSizer(wxVERTICAL);
  line_ = MakeText(this, "", theme.Font(22), theme.Foreground(), "sync_status");
  text->Add(line_, 0);
  problem_ = MakeText(this, "", theme.Font(22, true), theme.Error(), "sync_problem");
  text->Add(problem_, 0, wxTOP, theme.Px(4));
  row->Add(text, 1, wxALIGN_CENTER_VERTICAL);
  sync_now_ = MakeButton(this, _("Sync now"), theme, "sync_now", false, 24);
  sync_now_->SetMinSize(wxSize(-1, std::max(theme.Px(64), sync_now_->GetMinSize().y)));
  sync_now_->Bind(wxEVT_BUTTON, [this](wxCommandEvent& e) {
    e.Skip();
    link_.SyncNow();
  });
  row->Add(sync_now_, 0, wxALIGN_CENTER_VERTICAL | wxLEFT, theme.Px(12));
  SetSizer(row);
  watch_ = link_.Watch([this] { Refresh(); });
  Refresh();
}

SyncStatusView::~SyncStatusView() { link_.Unwatch(watch_); }

void SyncStatusView::Refresh() {
  Result<StoreSummary> sum = ctx_.store().Summary();
  Result<std::vector<QuarantinedRecord>> q = ctx_.store().ListQuarantine();
  long long waiting = sum.ok() ? static_cast<long long>(sum->outbox_depth) : 0;
  long long quarantined = q.ok() ? static_cast<long long>(q->size()) : 0;
  std::optional<std::string> when = sum.ok() ? LocalSyncTime(sum->last_sync_at) : std::nullopt;
  wxString hub = HubWords(link_.hub_state());
  SetText(line_, wxString::Format(_("%s   Waiting: %lld   Last sync: %s   Quarantined: %lld"), hub,
                                  waiting, when ? U8(*when) : _("never"), quarantined));
  wxString problem = link_.last() && link_.running() ? SyncProblemWords(link_.last()->problem) : "";
  SetText(problem_, problem);
  problem_->Show(!problem.empty());
  sync_now_->SetLabel(link_.syncing() ? wxGetTranslation(wxString::FromUTF8("Syncing…")) : _("Sync now"));
  sync_now_->Enable(link_.running() && !link_.syncing());
  Layout();
  if (GetParent() != nullptr) GetParent()->Layout();
}

}  // namespace stem::kiosk
