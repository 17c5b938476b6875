// Settings of `folio-search serve` from the command line, the environment ($FOLIO_<NAME>) and a
// config file of `name = value` lines, in that order of precedence.
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>
#include <string>

#include <cxxopts.hpp>

namespace folio::cli {

/// Bad usage: a bad flag, setting or value, or an unreadable config file (exit status 2).
struct UsageError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

/// The flags as parsed after the layers were merged, and where each value came from.
struct Settings {
  cxxopts::ParseResult args;
  /// For a flag set by a layer: "--port", "$FOLIO_PORT" or "FILE:LINE"; none for a default.
  std::map<std::string, std::string> origin;

  /// "--port", "$FOLIO_PORT", "FILE:LINE", or "--NAME" for a default: for messages.
  std::string where(const std::string& name) const;
};

/// The name of the environment variable of flag `name`: FOLIO_ and the name in upper case,
/// dashes as underscores ("log-file" -> "FOLIO_LOG_FILE").
std::string environment_name(const std::string& name);

/// Parses `argv` against `spec`, then fills each long flag of `spec` (but `unsettable` ones)
/// not given on the command line from $FOLIO_<NAME> when set and non-empty, else from the
/// config file: the one `config_flag` names (on the command line, else in the environment),
/// when given. A config file has `name = value` lines (blank lines and lines starting with #
/// allowed); a repeatable flag (a list) may repeat, any other may not; a switch takes true or
/// false, as does its variable. Throws UsageError naming the file and line, or the variable,
/// for an unknown name, a bad value or an unreadable file.
Settings parse_settings(cxxopts::Options& spec, int argc, const char* const* argv,
                        const std::string& config_flag, const std::set<std::string>& unsettable);

}  // namespace folio::cli
