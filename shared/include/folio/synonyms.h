// Synonym groups: the file that folio-index --synonyms reads ("UK, United Kingdom, Britain").
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "folio/export.h"

namespace folio {

/// One line of a synonyms file: entries that mean the same thing, each one or more words.
struct SynonymGroup {
  std::vector<std::string> entries;  ///< as written, spaces around them trimmed
  std::size_t line = 0;              ///< 1-based line number in the file
};

/// A parsed synonyms file.
struct SynonymFile {
  std::string name;  ///< the file's path, for messages
  std::vector<SynonymGroup> groups;
};

/// Parses the text of a synonyms file: one group a line, entries separated by commas; blank
/// lines and lines whose first non-blank character is '#' are ignored, as are empty entries
/// ("a, b," has two). Throws ConfigError naming `name` and the line when a line has fewer than
/// two entries.
FOLIO_API SynonymFile parse_synonyms(std::string_view text, const std::string& name);

/// Reads and parses `file`. Throws ConfigError naming it when it cannot be read, or as
/// parse_synonyms() does.
FOLIO_API SynonymFile read_synonyms(const std::filesystem::path& file);

}  // namespace folio
