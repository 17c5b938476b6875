// Fuzz target: charset detection and conversion (text/charset: BOMs, ICU's detector,
// windows-1252 repair, binary files), undeclared and under a declared charset.
#include <array>

#include "fuzz_support.h"
#include "text/charset.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using folio::text::Decoded;
  const std::string_view bytes = folio::fuzz::as_text(data, size);
  const Decoded d = folio::text::decode_to_utf8(bytes);
  FUZZ_CHECK(d.ok ? folio::text::is_valid_utf8(d.text) && !d.charset.empty() : !d.error.empty());
  // Valid UTF-8 (no BOM, no NUL) passes through untouched, unless it is mostly control
  // characters (binary).
  if (folio::text::is_valid_utf8(bytes) && bytes.find('\0') == std::string_view::npos &&
      !bytes.starts_with("\xEF\xBB\xBF")) {
    FUZZ_CHECK(d.ok ? d.text == bytes : d.error == "binary file");
  }
  // The charsets pages and HTTP headers declare, right and wrong; one an input, by its size.
  static constexpr std::array<std::string_view, 9> kDeclared = {
      "",       "utf-8",    "iso-8859-1", "windows-1251",     "shift_jis",
      "gb2312", "utf-16le", "koi8-r",     "x-no-such-charset"};
  const Decoded declared = folio::text::decode_declared(bytes, kDeclared[size % kDeclared.size()]);
  FUZZ_CHECK(declared.ok ? folio::text::is_valid_utf8(declared.text) : !declared.error.empty());
  return 0;
}
