// The JSON Lines reader (.jsonl): one article a line, {"id", "title", "text", ...}.
#include "readers/jsonl_reader.h"

#include <simdjson.h>

#include "text/ascii.h"
#include "text/clean.h"
#include "text/date.h"
#include "text/utf8.h"

namespace folio {
using namespace text;  // NOLINT(google-build-using-namespace): Folio's own text helpers

namespace {

// "language", else "lang". Unlike the fields above, a value that is no string is ignored: a
// hint the indexer can do without does not cost the article.
std::string declared_language(const simdjson::dom::object& j) {
  for (const char* name : {"language", "lang"}) {
    simdjson::dom::element e;
    if (j[name].get(e) == simdjson::SUCCESS && e.is_string()) {
      std::string tag = language_tag(std::string_view(e.get_string().value_unsafe()));
      if (!tag.empty()) {
        return tag;
      }
    }
  }
  return {};
}

}  // namespace

bool parse_jsonl_line(std::string_view line, Article& out, std::string& error) {
  // simdjson: JSON parsing was a tenth of the indexing time of a JSONL corpus with nlohmann.
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (const auto err = parser.parse(simdjson::padded_string(line)).get(root); err) {
    error = std::string("invalid JSON: ") + simdjson::error_message(err);
    return false;
  }
  simdjson::dom::object j;
  if (root.get(j) != simdjson::SUCCESS) {
    error = "not a JSON object";
    return false;
  }
  Article a;
  simdjson::dom::element id;
  if (j["id"].get(id) != simdjson::SUCCESS || id.is_null()) {
    error = "missing \"id\"";
    return false;
  }
  if (id.is_string()) {
    a.id = clean_key(std::string_view(id.get_string().value_unsafe()));
  } else if (id.is_uint64()) {
    a.id = std::to_string(id.get_uint64().value_unsafe());
  } else if (id.is_int64()) {
    a.id = std::to_string(id.get_int64().value_unsafe());
  } else {
    error = "\"id\" must be a string or an integer";
    return false;
  }
  if (a.id.empty()) {
    error = "empty \"id\"";
    return false;
  }
  // Optional string fields; null counts as absent.
  auto field = [&j, &error](const char* name, std::string& value) {
    simdjson::dom::element e;
    if (j[name].get(e) != simdjson::SUCCESS || e.is_null()) {
      return true;
    }
    if (!e.is_string()) {
      error = std::string("\"") + name + "\" must be a string";
      return false;
    }
    value = std::string_view(e.get_string().value_unsafe());
    return true;
  };
  std::string title;
  std::string text;
  std::string date;
  std::string author;
  std::string url;
  if (!field("title", title) || !field("text", text) || !field("date", date) ||
      !field("author", author) || !field("url", url)) {
    return false;
  }
  a.title = clean_inline(title);
  a.body = clean_body(text);
  if (a.title.empty() && a.body.empty()) {
    error = "no \"title\" or \"text\"";
    return false;
  }
  a.date = normalize_date(clean_inline(date));
  a.author = clean_inline(strip_by(clean_inline(author)));
  a.url = clean_key(url);
  a.language = declared_language(j);
  out = std::move(a);
  return true;
}

bool read_jsonl_record(std::string_view line, std::uint64_t number, const std::string& path,
                       Article& out, Skip& skip) {
  if (number == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") {
    line.remove_prefix(3);
  }
  if (is_blank(line)) {
    return false;
  }
  const std::string where = path + ":" + std::to_string(number);
  if (!is_valid_utf8(line)) {
    skip = {where, "bad encoding", "line is not valid UTF-8"};
    return false;
  }
  std::string error;
  if (!parse_jsonl_line(line, out, error)) {
    skip = {where, "bad JSONL line", std::move(error)};
    return false;
  }
  out.path = path;
  out.category.clear();
  return true;
}

}  // namespace folio
