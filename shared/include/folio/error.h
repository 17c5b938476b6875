// The exception types Folio throws for environment failures (see STYLE.md, "Errors").
#pragma once

#include <stdexcept>
#include <string>

#include "folio/export.h"

namespace folio {

/// Base of every exception Folio throws on purpose. Messages name the path or value at fault.
class FOLIO_API Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The index is missing, locked, corrupt, of another schema version, or cannot be written.
class FOLIO_API IndexError : public Error {
 public:
  using Error::Error;
};

/// A setting is invalid: unknown language, unreadable input path, bad option value.
class FOLIO_API ConfigError : public Error {
 public:
  using Error::Error;
};

}  // namespace folio
