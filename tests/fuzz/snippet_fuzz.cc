// Fuzz target: the snippet maker. The input's first line is the query, the rest the article
// body (made valid UTF-8, as stored bodies are); passages are checked against the body.
#include "folio/analyzer.h"
#include "folio/snippet.h"

#include "fuzz_support.h"
#include "search/snippet_maker.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static folio::Analyzer analyzer("english");
  static folio::SnippetMaker maker(analyzer);
  const std::string_view input = folio::fuzz::as_text(data, size);
  const std::size_t newline = input.find('\n');
  const std::string_view query = input.substr(0, newline);
  std::string scratch;
  const std::string_view body = folio::text::valid_utf8(
      newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1), scratch);

  const std::vector<std::string> terms = analyzer.terms(query);
  std::unordered_map<std::string, double> weights;
  for (std::size_t i = 0; i < terms.size(); ++i) {
    weights.emplace(terms[i], 1.0 + static_cast<double>(i % 3));
  }
  // Small passages, so that a body of a few hundred bytes has several to choose from.
  const std::size_t max_bytes = 24 + size % 100;
  const std::vector<folio::Snippet> passages = maker.make(body, weights, max_bytes, 3);
  // No passage exactly when the body is white space alone (or empty).
  const bool blank = body.find_first_not_of(" \n\r\t\f\v") == std::string_view::npos;
  FUZZ_CHECK(passages.size() <= 3 && passages.empty() == blank);
  for (const folio::Snippet& s : passages) {
    std::string joined;
    for (const folio::Fragment& f : s) {
      FUZZ_CHECK(folio::text::is_valid_utf8(f.text));
      joined += f.text;
    }
    FUZZ_CHECK(!joined.empty());
  }
  folio::snippet_to_html(folio::join_passages(passages));

  // mark() gives the whole text back, fragment by fragment.
  std::string whole;
  for (const folio::Fragment& f : maker.mark(body, terms)) {
    whole += f.text;
  }
  FUZZ_CHECK(whole == body);
  return 0;
}
