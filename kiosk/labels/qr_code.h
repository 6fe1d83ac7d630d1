// QR codes (libqrencode): the modules of a code, to draw on a label or a screen.
// Any thread.
#pragma once

#include <string>
#include <vector>

#include "data/status.h"

namespace stem::labels {

struct QrCode {
  int size = 0;              // modules across and down
  std::vector<bool> dark;    // size * size, row by row
  bool at(int x, int y) const { return dark[static_cast<size_t>(y * size + x)]; }
};

// Error correction M (15% of the code may be smudged or covered). InvalidArgument
// ("qr_payload") for an empty payload or one too long for any QR code.
Result<QrCode> EncodeQr(const std::string& payload);

}  // namespace stem::labels
