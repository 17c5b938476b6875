// Weighting schemes: parsing their names, and making the Xapian::Weight of each.
#include "search/ranking.h"

#include <array>
#include <charconv>
#include <cmath>
#include <string>
#include <utility>

#include "folio/error.h"

namespace folio {
namespace {

// The minimum length Xapian's BM25Weight normalises with: no article counts as shorter than
// half the average.
constexpr double kMinNormLen = 0.5;

using Scheme = Weighting::Scheme;
constexpr std::array<std::pair<std::string_view, Scheme>, 6> kSchemes{{
    {"bm25", Scheme::bm25},
    {"ineb2", Scheme::ineb2},
    {"bb2", Scheme::bb2},
    {"inl2", Scheme::inl2},
    {"pl2", Scheme::pl2},
    {"dph", Scheme::dph},
}};

bool read_number(std::string_view text, double& out) {
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && std::isfinite(out);
}

std::string format(double v) {
  std::array<char, 32> buf{};
  const auto [ptr, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return ec == std::errc() ? std::string(buf.data(), ptr) : std::string("?");
}

}  // namespace

Weighting Weighting::parse(std::string_view text) {
  const std::size_t colon = text.find(':');
  const std::string_view name = text.substr(0, colon);
  const std::string_view params =
      colon == std::string_view::npos ? std::string_view() : text.substr(colon + 1);
  Weighting w;
  const auto bad = [&](const std::string& why) {
    return ConfigError("bad weighting '" + std::string(text) + "': " + why +
                       " (use bm25, bm25:K1,B, ineb2, ineb2:C, bb2, inl2, pl2 or dph)");
  };
  bool known = false;
  for (const auto& [n, s] : kSchemes) {
    if (n == name) {
      w.scheme = s;
      known = true;
    }
  }
  if (!known) {
    throw bad("unknown scheme");
  }
  if (colon == std::string_view::npos) {
    return w;
  }
  if (w.scheme == Scheme::bm25) {
    const std::size_t comma = params.find(',');
    if (comma == std::string_view::npos || !read_number(params.substr(0, comma), w.k1) ||
        !read_number(params.substr(comma + 1), w.b) || w.k1 < 0 || w.b < 0 || w.b > 1) {
      throw bad("BM25 takes K1,B with K1 >= 0 and B from 0 to 1");
    }
  } else if (w.scheme == Scheme::dph) {
    throw bad("DPH takes no parameter");
  } else if (!read_number(params, w.c) || w.c <= 0) {
    throw bad("C must be a number above 0");
  }
  return w;
}

std::string Weighting::to_string() const {
  for (const auto& [n, s] : kSchemes) {
    if (s == scheme) {
      if (s == Scheme::bm25) {
        return std::string(n) + ":" + format(k1) + "," + format(b);
      }
      return s == Scheme::dph ? std::string(n) : std::string(n) + ":" + format(c);
    }
  }
  return "?";
}

std::unique_ptr<Xapian::Weight> make_weighting(const Weighting& w,
                                               std::shared_ptr<const QueryBounds> bounds,
                                               bool xapian_only) {
  switch (w.scheme) {
    case Scheme::ineb2:
      return std::make_unique<Xapian::IneB2Weight>(w.c);
    case Scheme::bb2:
      return std::make_unique<Xapian::BB2Weight>(w.c);
    case Scheme::inl2:
      return std::make_unique<Xapian::InL2Weight>(w.c);
    case Scheme::pl2:
      return std::make_unique<Xapian::PL2Weight>(w.c);
    case Scheme::dph:
      return std::make_unique<Xapian::DPHWeight>();
    case Scheme::bm25:
      break;
  }
  if (xapian_only) {
    return std::make_unique<Xapian::BM25Weight>(w.k1, 0, 1, w.b, kMinNormLen);
  }
  return std::make_unique<FolioBM25>(w.k1, w.b, kMinNormLen, std::move(bounds));
}

}  // namespace folio
