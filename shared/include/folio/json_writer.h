// A small JSON writer: what every JSON answer of Folio (the CLI's --json, the HTTP API, the
// indexer's --stats-json) is written with.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "folio/export.h"

namespace folio {

/// Writes JSON text straight to a buffer, value by value, in the order given: no tree is built.
/// Strings that are not valid UTF-8 have each ill-formed sequence replaced by U+FFFD, so the
/// output is always valid JSON. Calls must nest properly (a key before each value in an
/// object); a misuse is a bug, caught by an assertion in debug builds. Not thread-safe.
class FOLIO_API JsonWriter {
 public:
  /// `pretty`: indented by two spaces, one member a line; else compact, on one line.
  explicit JsonWriter(bool pretty = false);
  ~JsonWriter();
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);
  JsonWriter& string(std::string_view text);
  JsonWriter& uint(std::uint64_t n);
  JsonWriter& integer(std::int64_t n);
  JsonWriter& real(double x);  ///< null for NaN and infinities, which JSON lacks
  JsonWriter& boolean(bool b);
  JsonWriter& null();

  /// key(name) then string(text).
  JsonWriter& field(std::string_view name, std::string_view text) { return key(name).string(text); }

  /// The text written so far: a whole JSON document once every object and array is closed.
  std::string str() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace folio
