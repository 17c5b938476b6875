// Decoding file bytes to UTF-8: BOMs, ICU charset detection, windows-1252, binary detection.
#include "text/charset.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include "text/ascii.h"
#include "text/utf8.h"

namespace folio::text {
namespace {

// Windows-1252 bytes 0x80..0x9F; 0 marks the five bytes the code page leaves undefined.
constexpr std::array<char16_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

char32_t cp1252_to_unicode(unsigned char b) {
  if (b < 0x80 || b >= 0xA0) {
    return b;  // ASCII, and 0xA0..0xFF equal Latin-1 and Unicode
  }
  const char16_t u = kCp1252High[b - 0x80];
  return u == 0 ? 0xFFFD : u;
}

bool is_cp1252_undefined(unsigned char b) {
  return b >= 0x80 && b < 0xA0 && kCp1252High[b - 0x80] == 0;
}

/// Copies well-formed UTF-8 sequences and reads every other byte as windows-1252. For text
/// without any multi-byte UTF-8 this is plain windows-1252 decoding.
std::string decode_utf8_or_cp1252(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  char32_t cp = 0;
  for (std::size_t i = 0; i < bytes.size();) {
    const std::size_t len = utf8_next(bytes, i, cp);
    if (len > 0) {
      out.append(bytes.substr(i, len));
      i += len;
    } else {
      append_utf8(out, cp1252_to_unicode(static_cast<unsigned char>(bytes[i])));
      ++i;
    }
  }
  return out;
}

constexpr const char* kRepairedUtf8 = "UTF-8 with windows-1252 bytes";
constexpr std::size_t kDetectorSampleBytes = 64 << 10;
constexpr std::int32_t kMinConfidence = 11;  // ICU gives UTF-16 and CJK guesses 10 as a floor

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

struct DetectorCloser {
  void operator()(UCharsetDetector* d) const { ucsdet_close(d); }
};
using DetectorPtr = std::unique_ptr<UCharsetDetector, DetectorCloser>;

/// Converts `bytes` in `charset` to UTF-8 with ICU (malformed input becomes U+FFFD). False when
/// ICU has no such converter or fails.
bool icu_to_utf8(std::string_view bytes, const char* charset, std::string& out) {
  UErrorCode status = U_ZERO_ERROR;
  ConverterPtr from(ucnv_open(charset, &status));
  if (U_FAILURE(status)) {
    return false;
  }
  ConverterPtr to(ucnv_open("UTF-8", &status));
  if (U_FAILURE(status)) {
    return false;
  }
  out.assign(bytes.size() + bytes.size() / 2 + 64, '\0');
  std::array<UChar, 4096> pivot{};
  UChar* pivot_source = pivot.data();
  UChar* pivot_target = pivot.data();
  const char* source = bytes.data();
  const char* const source_limit = bytes.data() + bytes.size();
  char* target = out.data();
  bool reset = true;
  for (;;) {
    status = U_ZERO_ERROR;
    ucnv_convertEx(to.get(), from.get(), &target, out.data() + out.size(), &source, source_limit,
                   pivot.data(), &pivot_source, &pivot_target, pivot.data() + pivot.size(),
                   static_cast<UBool>(reset),
                   /*flush=*/true, &status);
    reset = false;
    if (status != U_BUFFER_OVERFLOW_ERROR) {
      break;
    }
    const std::size_t used = static_cast<std::size_t>(target - out.data());
    out.resize(out.size() * 2);
    target = out.data() + used;
  }
  if (U_FAILURE(status)) {
    return false;
  }
  out.resize(static_cast<std::size_t>(target - out.data()));
  return true;
}

/// More than 1% of the characters are control characters other than \t \n \r \f.
bool mostly_binary(std::string_view utf8) {
  std::size_t chars = 0;
  std::size_t controls = 0;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    if ((b & 0xC0) == 0x80) {
      continue;  // continuation byte
    }
    ++chars;
    const bool c0 = (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') || b == 0x7F;
    const bool c1 =  // U+0080..U+009F
        b == 0xC2 && i + 1 < utf8.size() && static_cast<unsigned char>(utf8[i + 1]) < 0xA0;
    if (c0 || c1) {
      ++controls;
    }
  }
  return controls * 100 > chars;
}

struct ByteStats {
  std::size_t multibyte = 0;  ///< well-formed multi-byte UTF-8 sequences
  std::size_t invalid = 0;    ///< bytes not part of well-formed UTF-8
  std::size_t high = 0;       ///< bytes >= 0x80
  std::size_t cp1252_undefined = 0;
  std::size_t c1_range = 0;  ///< invalid bytes 0x80..0x9F (C1 controls in ISO-8859-1)
  std::size_t first_invalid = std::string_view::npos;
};

ByteStats byte_stats(std::string_view bytes) {
  ByteStats st;
  char32_t cp = 0;
  for (std::size_t i = 0; i < bytes.size();) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    const std::size_t len = utf8_next(bytes, i, cp);
    if (len > 0) {
      ++st.multibyte;
      st.high += len;
      i += len;
      continue;
    }
    ++st.invalid;
    ++st.high;
    st.cp1252_undefined += is_cp1252_undefined(b) ? 1 : 0;
    st.c1_range += b < 0xA0 ? 1 : 0;
    if (st.first_invalid == std::string_view::npos) {
      st.first_invalid = i;
    }
    ++i;
  }
  return st;
}

/// ICU's best guess for `bytes` (not valid UTF-8, no NULs) with confidence >= kMinConfidence,
/// converted; charset empty when there is none. UTF-8 and BOM-less UTF-16/32 guesses are
/// skipped: we know the bytes are not UTF-8, and NUL-free text is not UTF-16.
Decoded detect_and_convert(std::string_view bytes, const ByteStats& st) {
  Decoded d;
  // Detect on a window that includes the first non-UTF-8 byte: that is where the evidence is.
  std::size_t start = 0;
  if (bytes.size() > kDetectorSampleBytes && st.first_invalid > kDetectorSampleBytes / 4) {
    start =
        std::min(st.first_invalid - kDetectorSampleBytes / 4, bytes.size() - kDetectorSampleBytes);
  }
  const std::string_view sample = bytes.substr(start, kDetectorSampleBytes);
  UErrorCode status = U_ZERO_ERROR;
  DetectorPtr detector(ucsdet_open(&status));
  if (U_FAILURE(status)) {
    return d;
  }
  ucsdet_enableInputFilter(detector.get(), true);  // ignore <markup> in HTML files
  ucsdet_setText(detector.get(), sample.data(), static_cast<std::int32_t>(sample.size()), &status);
  if (U_FAILURE(status)) {
    return d;
  }
  std::int32_t count = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(detector.get(), &count, &status);
  if (U_FAILURE(status) || matches == nullptr) {
    return d;
  }
  for (std::int32_t k = 0; k < count; ++k) {
    status = U_ZERO_ERROR;
    const char* name = ucsdet_getName(matches[k], &status);
    const std::int32_t confidence = ucsdet_getConfidence(matches[k], &status);
    if (U_FAILURE(status) || name == nullptr || confidence < kMinConfidence) {
      continue;
    }
    const std::string_view n = name;
    if (n == "UTF-8" || istarts_with(n, "UTF-16") || istarts_with(n, "UTF-32")) {
      continue;
    }
    // Bytes 0x80..0x9F are C1 controls in ISO-8859-1 but letters and quotes in windows-1252,
    // which is what such "Latin-1" files really are (browsers read them so too).
    std::string charset(n);
    if (charset == "ISO-8859-1" && st.c1_range > 0 && st.cp1252_undefined == 0) {
      charset = "windows-1252";
    }
    if (icu_to_utf8(bytes, charset.c_str(), d.text)) {
      d.ok = true;
      d.charset = std::move(charset);
      return d;
    }
  }
  d.text.clear();
  return d;
}

Decoded finish(std::string text, std::string charset) {
  Decoded result;
  if (mostly_binary(text)) {
    result.error = "binary file";
    return result;
  }
  result.ok = true;
  result.text = std::move(text);
  result.charset = std::move(charset);
  return result;
}

}  // namespace

Decoded decode_to_utf8(std::string_view bytes) {
  Decoded d;
  struct Bom {
    std::string_view bytes;
    const char* charset;
  };
  // UTF-32LE first: its BOM starts with the UTF-16LE one.
  static constexpr std::array<Bom, 4> kWideBoms = {{{{"\xFF\xFE\x00\x00", 4}, "UTF-32LE"},
                                                    {{"\x00\x00\xFE\xFF", 4}, "UTF-32BE"},
                                                    {{"\xFF\xFE", 2}, "UTF-16LE"},
                                                    {{"\xFE\xFF", 2}, "UTF-16BE"}}};
  for (const Bom& bom : kWideBoms) {
    if (bytes.substr(0, bom.bytes.size()) == bom.bytes) {
      std::string text;
      if (!icu_to_utf8(bytes.substr(bom.bytes.size()), bom.charset, text)) {
        d.error = "unknown encoding";
        return d;
      }
      return finish(std::move(text), bom.charset);
    }
  }
  if (bytes.substr(0, kBinaryProbeBytes).find('\0') != std::string_view::npos) {
    d.error = "binary file";
    return d;
  }
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    bytes.remove_prefix(3);
    // A UTF-8 BOM settles the charset; stray invalid bytes are read as windows-1252.
    return is_valid_utf8(bytes) ? finish(std::string(bytes), "UTF-8")
                                : finish(decode_utf8_or_cp1252(bytes), kRepairedUtf8);
  }
  if (is_valid_utf8(bytes)) {
    return finish(std::string(bytes), "UTF-8");
  }
  const ByteStats st = byte_stats(bytes);
  // Mostly UTF-8 with a few stray bytes (a pasted "£" in Latin-1): keep the UTF-8 and read the
  // strays as windows-1252, instead of turning every "’" into mojibake by converting it all.
  if (st.multibyte > 0 && st.multibyte >= st.invalid) {
    return finish(decode_utf8_or_cp1252(bytes), kRepairedUtf8);
  }
  Decoded detected = detect_and_convert(bytes, st);
  if (detected.ok) {
    return finish(std::move(detected.text), std::move(detected.charset));
  }
  // ICU is unsure on short text ("Caf\xe9"). Western text is by far the most common case, so
  // read it as windows-1252 when it could be: no byte the code page leaves undefined and at
  // most half the bytes non-ASCII.
  if (st.cp1252_undefined == 0 && st.high * 2 <= bytes.size()) {
    return finish(decode_utf8_or_cp1252(bytes), "windows-1252");
  }
  d.error = "unknown encoding";
  return d;
}

Decoded decode_declared(std::string_view bytes, std::string_view charset) {
  std::string name = lower_ascii(trim_ascii(charset));
  if (name.size() >= 2 && (name.front() == '"' || name.front() == '\'') &&
      name.back() == name.front()) {
    name = name.substr(1, name.size() - 2);
  }
  const bool bom = bytes.substr(0, 3) == "\xEF\xBB\xBF" || bytes.substr(0, 2) == "\xFF\xFE" ||
                   bytes.substr(0, 2) == "\xFE\xFF";
  if (name.empty() || bom || name == "utf-8" || name == "utf8" || name == "unicode-1-1-utf-8") {
    return decode_to_utf8(bytes);
  }
  // The WHATWG Encoding Standard's labels of windows-1252.
  static constexpr std::array<std::string_view, 11> kCp1252Labels = {
      "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1",      "us-ascii",
      "ascii",      "cp1252",    "cp819",      "ibm819", "x-cp1252"};
  if (std::find(kCp1252Labels.begin(), kCp1252Labels.end(), name) != kCp1252Labels.end()) {
    name = "windows-1252";
  }
  UErrorCode status = U_ZERO_ERROR;
  const ConverterPtr converter(ucnv_open(name.c_str(), &status));
  if (U_FAILURE(status)) {
    return decode_to_utf8(bytes);
  }
  const bool single_byte = ucnv_getMaxCharSize(converter.get()) == 1;
  if (single_byte && is_valid_utf8(bytes) && byte_stats(bytes).multibyte > 0) {
    return decode_to_utf8(bytes);
  }
  if (single_byte && bytes.substr(0, kBinaryProbeBytes).find('\0') != std::string_view::npos) {
    Decoded d;
    d.error = "binary file";
    return d;
  }
  std::string text;
  if (!icu_to_utf8(bytes, name.c_str(), text)) {
    return decode_to_utf8(bytes);
  }
  return finish(std::move(text), name);
}

}  // namespace folio::text
