#include "kiosk/labels/pdf_label.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "kiosk/labels/qr_code.h"

namespace stem::labels {
namespace {

constexpr const char* kFontFamily = "DejaVu Sans";
// A QR code's quiet zone, in modules, inside its square (the label's margin adds more).
constexpr int kQuietModules = 3;

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using Surface = std::unique_ptr<cairo_surface_t, Deleter<cairo_surface_t, cairo_surface_destroy>>;
using Cairo = std::unique_ptr<cairo_t, Deleter<cairo_t, cairo_destroy>>;
using FontDescription =
    std::unique_ptr<PangoFontDescription, Deleter<PangoFontDescription, pango_font_description_free>>;

void Unref(void* object) { g_object_unref(object); }
template <typename T>
using GObject = std::unique_ptr<T, Deleter<void, Unref>>;

// Unhinted metrics, as a PDF page has: measuring and drawing then agree.
void UnhintedMetrics(PangoContext* context) {
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(context, options);
  cairo_font_options_destroy(options);
}

// A layout of `text` at `size` points, wrapped to `wrap_width` points when above 0.
GObject<PangoLayout> Layout(PangoContext* context, const std::string& text, double size,
                            bool bold, double wrap_width, Align align = Align::kStart) {
  GObject<PangoLayout> layout(pango_layout_new(context));
  FontDescription font(pango_font_description_new());
  pango_font_description_set_family(font.get(), kFontFamily);
  pango_font_description_set_weight(font.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_absolute_size(font.get(), size * PANGO_SCALE);
  pango_layout_set_font_description(layout.get(), font.get());
  pango_layout_set_text(layout.get(), text.c_str(), static_cast<int>(text.size()));
  if (wrap_width > 0) {
    pango_layout_set_width(layout.get(), static_cast<int>(wrap_width * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  }
  // Start is the right edge for a right-to-left name: pango mirrors it (auto direction).
  pango_layout_set_alignment(layout.get(),
                             align == Align::kCenter ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
  return layout;
}

class PangoMeasurer final : public TextMeasurer {
 public:
  explicit PangoMeasurer(PangoContext* context) : context_(context) {}
  TextMetrics Measure(const std::string& text, double size, bool bold,
                      double wrap_width) const override {
    GObject<PangoLayout> layout = Layout(context_, text, size, bold, wrap_width);
    PangoRectangle ink, logical;
    pango_layout_get_extents(layout.get(), &ink, &logical);
    // The wider of ink and advance: a glyph that overhangs its advance still must fit.
    double left = std::min(ink.x, logical.x);
    double right = std::max(ink.x + ink.width, logical.x + logical.width);
    TextMetrics m;
    m.width = (right - left) / static_cast<double>(PANGO_SCALE);
    m.height = logical.height / static_cast<double>(PANGO_SCALE);
    m.lines = pango_layout_get_line_count(layout.get());
    return m;
  }

 private:
  PangoContext* context_;
};

class OwningPangoMeasurer final : public TextMeasurer {
 public:
  OwningPangoMeasurer()
      : context_(pango_font_map_create_context(pango_cairo_font_map_get_default())),
        measurer_(context_.get()) {
    UnhintedMetrics(context_.get());
  }
  TextMetrics Measure(const std::string& text, double size, bool bold,
                      double wrap_width) const override {
    return measurer_.Measure(text, size, bold, wrap_width);
  }

 private:
  GObject<PangoContext> context_;
  PangoMeasurer measurer_;
};

// Where the text goes: an inverted box's text keeps clear of its black edges.
TextBox TextArea(const TextBox& box) {
  if (!box.inverted) return box;
  TextBox inner = box;
  const Rect& b = box.rect;
  double r = b.h * 0.2;
  double pad = b.h * 0.12;
  inner.rect = {b.x + pad + r / 2, b.y + pad, b.w - 2 * pad - r, b.h - 2 * pad};
  inner.max_size = std::min(box.max_size, inner.rect.h / 1.2);
  inner.min_size = std::min(box.min_size, inner.max_size);
  inner.align = Align::kCenter;
  return inner;
}

// Fits every text of a label: first those that follow no other's size, then the others,
// at most their share of the size the one they follow got.
std::vector<FittedText> FitAll(PangoContext* context, const std::vector<TextBox>& texts) {
  PangoMeasurer measurer(context);
  std::vector<FittedText> fitted(texts.size());
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t i = 0; i < texts.size(); ++i) {
      TextBox area = TextArea(texts[i]);
      int follows = area.size_of;
      if ((follows >= 0) != (pass == 1)) continue;
      if (follows >= 0 && static_cast<size_t>(follows) < texts.size() &&
          !texts[static_cast<size_t>(follows)].text.empty()) {
        area.max_size = std::min(area.max_size,
                                 fitted[static_cast<size_t>(follows)].size * area.size_ratio);
        area.min_size = std::min(area.min_size, area.max_size);
      }
      fitted[i] = FitText(measurer, area);
    }
  }
  return fitted;
}

void DrawText(cairo_t* cr, PangoContext* context, const TextBox& box, const FittedText& fitted) {
  if (box.text.empty()) return;
  if (box.inverted) {
    // The black box first; the text inside it, clear of its edges.
    cairo_set_source_rgb(cr, 0, 0, 0);
    double r = box.rect.h * 0.2;
    const Rect& b = box.rect;
    cairo_new_sub_path(cr);
    cairo_arc(cr, b.right() - r, b.y + r, r, -G_PI / 2, 0);
    cairo_arc(cr, b.right() - r, b.bottom() - r, r, 0, G_PI / 2);
    cairo_arc(cr, b.x + r, b.bottom() - r, r, G_PI / 2, G_PI);
    cairo_arc(cr, b.x + r, b.y + r, r, G_PI, 3 * G_PI / 2);
    cairo_close_path(cr);
    cairo_fill(cr);
  }
  TextBox area = TextArea(box);
  const Rect& r = area.rect;
  GObject<PangoLayout> layout = Layout(context, area.text, fitted.size, area.bold, r.w, area.align);
  if (fitted.ellipsized) {
    pango_layout_set_ellipsize(layout.get(), PANGO_ELLIPSIZE_END);
    pango_layout_set_height(layout.get(), static_cast<int>(r.h * PANGO_SCALE));
  }
  PangoRectangle logical;
  pango_layout_get_extents(layout.get(), nullptr, &logical);
  double height = logical.height / static_cast<double>(PANGO_SCALE);
  if (box.inverted) {
    cairo_set_source_rgb(cr, 1, 1, 1);
  } else {
    cairo_set_source_rgb(cr, 0, 0, 0);
  }
  cairo_move_to(cr, r.x, r.y + std::max(0.0, (r.h - height) / 2));
  pango_cairo_show_layout(cr, layout.get());
}

Status DrawCode(cairo_t* cr, const CodeBox& box) {
  STEM_ASSIGN_OR_RETURN(QrCode qr, EncodeQr(box.payload));
  double module = box.rect.w / (qr.size + 2 * kQuietModules);
  double x0 = box.rect.x + kQuietModules * module;
  double y0 = box.rect.y + kQuietModules * module;
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int y = 0; y < qr.size; ++y) {
    for (int x = 0; x < qr.size; ++x) {
      // Each module a little larger than its cell, so no hairline shows between neighbours.
      if (qr.at(x, y)) cairo_rectangle(cr, x0 + x * module, y0 + y * module, module + 0.05, module + 0.05);
    }
  }
  cairo_fill(cr);
  return Status::Ok();
}

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

std::unique_ptr<TextMeasurer> MakePangoMeasurer() {
  return std::make_unique<OwningPangoMeasurer>();
}

Result<std::string> RenderPdf(const LabelStock& stock, const std::vector<LabelPage>& pages) {
  std::string pdf;
  Surface surface(cairo_pdf_surface_create_for_stream(&Append, &pdf, stock.page_width,
                                                      stock.page_height));
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "stem-kiosk");
  Cairo cr(cairo_create(surface.get()));
  GObject<PangoContext> context(pango_cairo_create_context(cr.get()));
  UnhintedMetrics(context.get());
  for (const LabelPage& page : pages) {
    for (const LabelDrawing& label : page) {
      std::vector<FittedText> fitted = FitAll(context.get(), label.texts);
      for (size_t i = 0; i < label.texts.size(); ++i) {
        DrawText(cr.get(), context.get(), label.texts[i], fitted[i]);
      }
      for (const CodeBox& code : label.codes) STEM_RETURN_IF_ERROR(DrawCode(cr.get(), code));
    }
    cairo_show_page(cr.get());
  }
  cr.reset();
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return Status::Internal(std::string("cannot draw the labels: ") +
                            cairo_status_to_string(cairo_surface_status(surface.get())));
  }
  return pdf;
}

}  // namespace stem::labels
