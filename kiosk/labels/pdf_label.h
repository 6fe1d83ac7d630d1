// Labels drawn to PDF at the stock's page size: cairo for the page, pango for the text (so
// accented, right-to-left and mixed scripts shape correctly, with fontconfig's fallback
// fonts for glyphs DejaVu Sans lacks), libqrencode for the QR codes. Any thread; each call
// uses its own cairo surface and pango context.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "data/status.h"
#include "kiosk/labels/label_layout.h"

namespace stem::labels {

// One page of the stock with the labels laid out on it (one on a roll; a cell each on a
// sheet).
using LabelPage = std::vector<LabelDrawing>;

// The PDF file's bytes. InvalidArgument for a QR payload too long; Internal when cairo fails.
Result<std::string> RenderPdf(const LabelStock& stock, const std::vector<LabelPage>& pages);

// The measurer the renderer fits text with: DejaVu Sans through pango, metrics unhinted
// (as on a PDF page).
std::unique_ptr<TextMeasurer> MakePangoMeasurer();

}  // namespace stem::labels
