// Fuzz target: the date parser (text/date): dates as articles write them, the partial ISO
// dates of filters, value slots.
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace text = folio::text;
  const std::string_view s = folio::fuzz::as_text(data, size);
  std::size_t end = 0;
  if (const std::optional<text::Ymd> d = text::scan_date(s, end)) {
    FUZZ_CHECK(end > 0 && end <= s.size());
    FUZZ_CHECK(d->year >= 1000 && d->year <= 2999 && d->month >= 1 && d->month <= 12);
    FUZZ_CHECK(d->day >= 1 && d->day <= 31);
    // A day it found reads back as itself, and makes an 8-digit value.
    const std::string iso = text::format_ymd(*d);
    FUZZ_CHECK(text::normalize_date(iso) == iso);
    FUZZ_CHECK(text::normalize_date(s) == iso);
    FUZZ_CHECK(text::date_value(iso).size() == 8);
    FUZZ_CHECK(text::date_bound(iso, false) == text::date_value(iso));
  } else {
    FUZZ_CHECK(text::normalize_date(s).empty());
  }
  const std::string lo = text::date_bound(s, false);
  const std::string hi = text::date_bound(s, true);
  FUZZ_CHECK(lo.empty() == hi.empty());
  FUZZ_CHECK(lo.empty() || (lo.size() == 8 && lo <= hi));
  text::date_value(s);
  return 0;
}
