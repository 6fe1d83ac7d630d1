#include "kiosk/labels/qr_code.h"

#include <qrencode.h>

#include <memory>

namespace stem::labels {

Result<QrCode> EncodeQr(const std::string& payload) {
  if (payload.empty() || payload.size() > 1000) {
    return Status::InvalidArgument("qr_payload", "a QR code holds 1 to 1000 bytes here");
  }
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString8bit(payload.c_str(), 0, QR_ECLEVEL_M), &QRcode_free);
  if (!code) return Status::InvalidArgument("qr_payload", "cannot encode this QR code");
  QrCode out;
  out.size = code->width;
  out.dark.resize(static_cast<size_t>(out.size) * static_cast<size_t>(out.size));
  for (size_t i = 0; i < out.dark.size(); ++i) out.dark[i] = (code->data[i] & 1) != 0;
  return out;
}

}  // namespace stem::labels
