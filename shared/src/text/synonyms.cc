// Synonyms files: groups of words that mean the same thing ("UK, United Kingdom, Britain").
#include "folio/synonyms.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "folio/error.h"

namespace folio {
namespace {

std::string_view trim(std::string_view s) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f'; };
  while (!s.empty() && blank(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && blank(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

SynonymFile parse_synonyms(std::string_view text, const std::string& name) {
  SynonymFile out;
  out.name = name;
  std::size_t number = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    const std::string_view line = trim(text.substr(0, nl));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++number;
    if (line.empty() || line.front() == '#') {
      continue;
    }
    SynonymGroup group;
    group.line = number;
    std::string_view rest = line;
    while (true) {
      const std::size_t comma = rest.find(',');
      const std::string_view entry = trim(rest.substr(0, comma));
      if (!entry.empty()) {
        group.entries.emplace_back(entry);
      }
      if (comma == std::string_view::npos) {
        break;
      }
      rest.remove_prefix(comma + 1);
    }
    if (group.entries.size() < 2) {
      throw ConfigError("synonyms file '" + name + "', line " + std::to_string(number) +
                        ": a group needs two or more entries separated by commas, got '" +
                        std::string(line) + "'");
    }
    out.groups.push_back(std::move(group));
  }
  return out;
}

SynonymFile read_synonyms(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  if (in) {
    text << in.rdbuf();
  }
  if (!in || std::filesystem::is_directory(file)) {
    throw ConfigError("cannot read synonyms file '" + file.string() + "'");
  }
  return parse_synonyms(text.str(), file.string());
}

}  // namespace folio
