// Decoding file bytes to UTF-8: BOMs, ICU charset detection, windows-1252, binary detection.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace folio::text {

/// Bytes at the start of a file in which a NUL means "binary".
inline constexpr std::size_t kBinaryProbeBytes = 8 << 10;

/// Result of decoding raw bytes to UTF-8.
struct Decoded {
  bool ok = false;
  std::string text;     ///< UTF-8 (BOM removed) when ok
  std::string charset;  ///< source charset when it was converted ("UTF-8" when it already was)
  std::string error;    ///< why not, when !ok ("binary file", "unknown encoding", ...)
};

/// Returns `bytes` as UTF-8: valid UTF-8 passes through; a UTF-16/32 BOM or another charset
/// detected by ICU with enough confidence is converted; NUL bytes mean binary. Mostly-UTF-8
/// text with a few stray bytes keeps its UTF-8 and reads the strays as windows-1252; text
/// ICU cannot place falls back to windows-1252 when every byte is defined there and at most
/// half are non-ASCII; otherwise "unknown encoding". Thread-safe.
Decoded decode_to_utf8(std::string_view bytes);

/// Returns `bytes` as UTF-8, read in the `charset` a document declares (an HTTP Content-Type
/// parameter, an HTML <meta>), as browsers read it: a BOM overrules the declaration;
/// "ISO-8859-1" and "US-ASCII" mean windows-1252; valid UTF-8 with multi-byte sequences stays
/// UTF-8 whatever single-byte charset is declared (a server's wrong default). An empty
/// declaration, a UTF-8 one, or one ICU does not know gives decode_to_utf8(bytes). Thread-safe.
Decoded decode_declared(std::string_view bytes, std::string_view charset);

}  // namespace folio::text
