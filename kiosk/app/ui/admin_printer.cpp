// The admin screen's Labels section: the printer badges and pickup stubs print on (the
// machine's CUPS queues, listed off the UI thread), the label stock, and a test label.
#include "kiosk/app/ui/admin_screen.h"
#include "kiosk/app/ui/messages.h"
#include "kiosk/app/ui/theme.h"

namespace stem::kiosk {

wxSizer* AdminScreen::MakePrinterSection(wxWindow* parent) {
  Theme theme = Theme::From(ctx_);
  if (Result<labels::PrintSettings> s = labels::LoadPrintSettings(ctx_.store()); s.ok()) {
    printer_ = s->printer;
    stock_ = s->stock->id;
  }
  auto* box = new wxBoxSizer(wxVERTICAL);
  printers_ = new wxBoxSizer(wxVERTICAL);
  printers_->Add(MakeText(parent, wxGetTranslation(wxString::FromUTF8("Looking for printers…")),
                          theme.Body(), theme.Muted(), "printers_looking"));
  box->Add(printers_, 0, wxBOTTOM, theme.Px(6));
  box->Add(MakeText(parent, _("Label size"), theme.Body(), theme.Foreground()), 0,
           wxTOP | wxBOTTOM, theme.Px(6));
  for (const labels::LabelStock& stock : labels::LabelStocks()) {
    // The stocks' descriptions are in kiosk/labels (English); their Spanish is in es.po.
    auto* t = MakeToggle(parent, wxGetTranslation(U8(stock.description)), theme,
                         U8("stock:" + stock.id), 22);
    t->SetMinSize(wxSize(std::max(theme.Px(600), t->GetMinSize().x), theme.TapHeight()));
    std::string id = stock.id;
    t->Bind(wxEVT_TOGGLEBUTTON, [this, id](wxCommandEvent& e) {
      e.Skip();
      stock_ = id;
      ShowPrinterChoices();
    });
    stock_toggles_[stock.id] = t;
    box->Add(t, 0, wxBOTTOM, theme.Px(6));
  }
  auto* row = new wxBoxSizer(wxHORIZONTAL);
  auto* test = MakeButton(parent, _("Print a test label"), theme, "print_test", false, 22);
  test->Bind(wxEVT_BUTTON, [this](wxCommandEvent& e) {
    e.Skip();
    PrintTestLabel();
  });
  row->Add(test, 0, wxALIGN_CENTER_VERTICAL);
  print_message_ = MakeText(parent, "", theme.Body(), theme.Foreground(), "print_message");
  row->Add(print_message_, 1, wxALIGN_CENTER_VERTICAL | wxLEFT, theme.Px(12));
  box->Add(row, 0, wxEXPAND | wxTOP, theme.Px(4));
  ShowPrinterChoices();

  std::weak_ptr<bool> alive = alive_;
  print_worker_.ListQueues([this, alive, parent](QueuesResult r) {
    if (alive.expired()) return;
    Theme now = Theme::From(ctx_);
    printers_->Clear(true);
    printer_toggles_.clear();
    auto add = [&](const wxString& text, const std::string& queue) {
      auto* t = MakeToggle(parent, text, now, U8("printer:" + (queue.empty() ? "none" : queue)), 22);
      t->SetMinSize(wxSize(std::max(now.Px(600), t->GetMinSize().x), now.TapHeight()));
      t->Bind(wxEVT_TOGGLEBUTTON, [this, queue](wxCommandEvent& e) {
        e.Skip();
        printer_ = queue;
        ShowPrinterChoices();
      });
      printer_toggles_[queue] = t;
      printers_->Add(t, 0, wxBOTTOM, now.Px(6));
    };
    add(_("No printer: do not print labels"), "");
    if (!r.status.ok()) {
      printers_->Add(MakeText(parent, PrintWords(labels::PrintProblem::kNoPrintSystem), now.Body(),
                              now.Error(), "printers_missing"));
    }
    for (const labels::PrinterQueue& q : r.queues) {
      wxString text = U8(q.description.empty() ? q.name : q.description + " (" + q.name + ")");
      if (q.problem != labels::PrintProblem::kNone) {
        text += wxString::FromUTF8(" · ") + PrinterStateWords(q.problem);
      }
      add(text, q.name);
    }
    // A chosen printer that is gone stays listed, so Save keeps it only if asked to.
    if (!printer_.empty() && printer_toggles_.count(printer_) == 0) {
      add(U8(printer_) + wxString::FromUTF8(" · ") + _("not found"), printer_);
    }
    ShowPrinterChoices();
    settings_->FitInside();
    Layout();
  });
  return box;
}

void AdminScreen::ShowPrinterChoices() {
  Theme theme = Theme::From(ctx_);
  for (auto& [queue, t] : printer_toggles_) ShowSelected(t, queue == printer_, theme);
  for (auto& [id, t] : stock_toggles_) ShowSelected(t, id == stock_, theme);
}

void AdminScreen::PrintTestLabel() {
  Theme theme = Theme::From(ctx_);
  const labels::LabelStock* stock = labels::FindLabelStock(stock_);
  if (stock == nullptr) stock = &labels::LabelStocks().front();
  auto say = [this](const wxString& text, const wxColour& colour) {
    SetText(print_message_, text, Theme::From(ctx_).Px(560));
    print_message_->SetForegroundColour(colour);
    Layout();
  };
  if (printer_.empty()) return say(PrintWords(labels::PrintProblem::kNoPrinterChosen), theme.Error());
  say(wxGetTranslation(wxString::FromUTF8("Printing…")), theme.Muted());
  std::weak_ptr<bool> alive = alive_;
  print_worker_.PrintTest(printer_, stock, ctx_.language, [this, alive, say](TestPrintResult r) {
    if (alive.expired()) return;
    Theme now = Theme::From(ctx_);
    if (!r.status.ok()) return say(Words(r.status), now.Error());
    say(PrintWords(r.outcome.problem), r.outcome.ok() ? now.Success() : now.Error());
  });
}

}  // namespace stem::kiosk
