// Fuzz target: the query parser with the analyser: a query in one language, and in two
// (English and French stemmers, as an index of both languages reads it); the analyser's tokens.
#include <xapian.h>

#include "folio/analyzer.h"

#include "fuzz_support.h"
#include "search/query_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static folio::Analyzer english("english");
  static folio::Analyzer french("french");
  const std::string_view text = folio::fuzz::as_text(data, size);

  std::vector<folio::Token> tokens;
  english.analyze(text, tokens);
  std::uint32_t position = 0;
  for (const folio::Token& t : tokens) {
    FUZZ_CHECK(!t.term.empty() && t.term.size() <= folio::Analyzer::kMaxTermBytes);
    FUZZ_CHECK(folio::text::is_valid_utf8(t.term));
    FUZZ_CHECK(t.begin < t.end && t.end <= text.size() && t.position > position);
    position = t.position;
  }

  const folio::ParsedQuery one = folio::parse_query(text, english);
  folio::QueryAnalysis two;
  two.primary = &english;
  two.stemmers = {&english, &french};
  const folio::ParsedQuery both = folio::parse_query(text, two);
  for (const folio::ParsedQuery* q : {&one, &both}) {
    FUZZ_CHECK(q->fell_back != q->error.empty());
    for (const folio::QueryWord& w : q->words) {
      FUZZ_CHECK(w.begin < w.end && w.end <= text.size() && !w.term.empty());
    }
    // What a remote shard is sent: the query survives Xapian's serialisation.
    const std::string wire = q->query.serialise();
    FUZZ_CHECK(Xapian::Query::unserialise(wire).serialise() == wire);
  }
  return 0;
}
