// A small recursive-descent parser for Folio's query language, building Xapian queries.
#include "search/query_parser.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "store/schema.h"
#include "store/synonym_table.h"
#include "text/date.h"
#include "text/unicode.h"

namespace folio {
namespace {

constexpr int kMaxDepth = 32;

enum class Kind { kWord, kPhrase, kAnd, kOr, kNot, kOpen, kClose, kEnd };

struct Lexeme {
  Kind kind = Kind::kEnd;
  std::string text;                // the word or phrase
  std::size_t begin = 0, end = 0;  // where `text` is in the query
  std::string field;               // "title", "author", "category", "date", or empty
  char sign = 0;                   // '+', '-' or 0
  bool function_word = false;      // a plain word left out (see mark_function_words)
};

struct SyntaxError {
  std::string message;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool ends_word(char c) { return is_space(c) || c == '(' || c == ')' || c == '"'; }

std::optional<std::string> known_field(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "title" || lower == "author" || lower == "date" || lower == "category") {
    return lower;
  }
  if (lower == "cat") {
    return std::string("category");
  }
  return std::nullopt;
}

bool is_operator(std::string_view w) {
  return w == "AND" || w == "OR" || w == "NOT" || w == "&&" || w == "||";
}

// A query typed all in capitals and longer than a few words ("I AM INTERESTED IN ... AND ...")
// is shouted prose, not syntax: its AND, OR and NOT are read as words.
bool shouted(std::string_view q) {
  constexpr int kMinWords = 6;
  int words = 0;
  bool upper = false;
  std::size_t i = 0;
  while (i < q.size()) {
    std::size_t j = i;
    while (j < q.size() && !is_space(q[j])) {
      upper = upper || std::isupper(static_cast<unsigned char>(q[j])) != 0;
      if (std::islower(static_cast<unsigned char>(q[j])) != 0) {
        return false;
      }
      ++j;
    }
    words += j > i && !is_operator(q.substr(i, j - i)) ? 1 : 0;
    i = j + 1;
  }
  return upper && words >= kMinWords;
}

// The word as the query stop lists spell it: case-folded, straight apostrophes, without the
// punctuation around it ("Computers?" -> "computers", "Über" -> "über").
std::string stop_key(std::string_view word) {
  std::string key;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (word.compare(i, 3, "\u2019") == 0) {
      key += '\'';
      i += 2;
    } else {
      key += word[i];
    }
  }
  key = text::fold_case(key);
  const auto edge = [](unsigned char c) { return std::ispunct(c) != 0; };
  while (!key.empty() && edge(key.back())) {
    key.pop_back();
  }
  std::size_t lead = 0;
  while (lead < key.size() && edge(key[lead])) {
    ++lead;
  }
  return key.substr(lead);
}

// "WHO", "IT", "US" typed in capitals in a query that is not all capitals: an acronym.
bool acronym(std::string_view word) {
  int upper = 0;
  for (char c : word) {
    if (std::islower(static_cast<unsigned char>(c)) != 0) {
      return false;
    }
    upper += std::isupper(static_cast<unsigned char>(c)) != 0 ? 1 : 0;
  }
  return upper >= 2;
}

// Verbose queries ("what articles deal with ...") carry function words that only add noise to
// the ranking: plain words on the analyser's query stop list are left out, unless that would
// leave no plain word at all ("the who", "to be or not to be"). Quoted phrases, +words, field
// values and acronyms in capitals are kept.
void mark_function_words(std::vector<Lexeme>& lexemes, const Analyzer& analyzer, bool is_shouted) {
  bool content = false;
  for (Lexeme& lx : lexemes) {
    if (lx.kind != Kind::kWord || lx.sign != 0 || !lx.field.empty()) {
      continue;
    }
    lx.function_word =
        (is_shouted || !acronym(lx.text)) && analyzer.is_query_stopword(stop_key(lx.text));
    content = content || !lx.function_word;
  }
  if (!content) {
    for (Lexeme& lx : lexemes) {
      lx.function_word = false;
    }
  }
}

// Splits the query into lexemes; throws SyntaxError for an unbalanced quote or lone sign.
std::vector<Lexeme> lex(std::string_view q) {
  std::vector<Lexeme> out;
  const bool operators = !shouted(q);
  std::size_t i = 0;
  while (i < q.size()) {
    if (is_space(q[i])) {
      ++i;
      continue;
    }
    if (q[i] == '(' || q[i] == ')') {
      Lexeme paren;
      paren.kind = q[i] == '(' ? Kind::kOpen : Kind::kClose;
      out.push_back(std::move(paren));
      ++i;
      continue;
    }
    Lexeme lx;
    if (q[i] == '+' || q[i] == '-') {
      lx.sign = q[i];
      ++i;
      if (i == q.size() || is_space(q[i]) || q[i] == ')') {
        throw SyntaxError{std::string("lone '") + lx.sign + "'"};
      }
    }
    // A field prefix: letters then ':' directly followed by a value.
    std::size_t j = i;
    while (j < q.size() && std::isalpha(static_cast<unsigned char>(q[j]))) {
      ++j;
    }
    if (j < q.size() && q[j] == ':' && j > i) {
      if (auto field = known_field(q.substr(i, j - i))) {
        lx.field = *field;
        i = j + 1;
        if (i == q.size() || is_space(q[i]) || q[i] == ')' || q[i] == '(') {
          throw SyntaxError{"nothing after '" + lx.field + ":'"};
        }
      }
    }
    if (q[i] == '"') {
      const std::size_t close = q.find('"', i + 1);
      if (close == std::string_view::npos) {
        throw SyntaxError{"unbalanced quote"};
      }
      lx.kind = Kind::kPhrase;
      lx.text = q.substr(i + 1, close - i - 1);
      lx.begin = i + 1;
      lx.end = close;
      i = close + 1;
    } else {
      const std::size_t start = i;
      while (i < q.size() && !ends_word(q[i])) {
        ++i;
      }
      lx.text = q.substr(start, i - start);
      lx.begin = start;
      lx.end = i;
      lx.kind = Kind::kWord;
      if (operators && lx.sign == 0 && lx.field.empty()) {
        if (lx.text == "AND" || lx.text == "&&") {
          lx.kind = Kind::kAnd;
        } else if (lx.text == "OR" || lx.text == "||") {
          lx.kind = Kind::kOr;
        } else if (lx.text == "NOT") {
          lx.kind = Kind::kNot;
        }
      }
    }
    out.push_back(std::move(lx));
  }
  out.push_back({});
  return out;
}

// One word of the query: its terms in the query's languages (distinct, in analyser order), and
// for each the analysers that made it (a bit each).
struct Word {
  std::uint32_t position = 0;
  std::vector<std::string> terms;
  std::vector<std::uint64_t> makers;
  std::uint64_t made = 0;  // the analysers that made any term of it
};

// Leaves out of a word of several terms those `db` lacks (with `prefix`), keeping one, the
// first, if it lacks them all. May throw Xapian::Error.
void drop_missing_terms(const Xapian::Database& db, const std::string& prefix, Word& w) {
  if (w.terms.size() < 2) {
    return;
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < w.terms.size(); ++i) {
    if (db.term_exists(prefix + w.terms[i])) {
      if (kept != i) {
        w.terms[kept] = std::move(w.terms[i]);
        w.makers[kept] = w.makers[i];
      }
      ++kept;
    }
  }
  if (kept > 0) {
    w.terms.resize(kept);
    w.makers.resize(kept);
  } else {
    w.terms.resize(1);
    w.makers.resize(1);
  }
}

// Leaves out of each word of several terms those the analysis's database lacks (with `prefix`),
// keeping one, the first, if it lacks them all. May throw Xapian::Error.
void drop_missing_terms(const QueryAnalysis& analysis, const std::string& prefix,
                        std::vector<Word>& words) {
  if (analysis.db != nullptr) {
    for (Word& w : words) {
      drop_missing_terms(*analysis.db, prefix, w);
    }
  }
}

// The words of `text` as each of the analysis's analysers makes them, merged by position (they
// all break words alike; a stopword of one language is simply missing from its terms).
const std::vector<Word>& analyze_all(const QueryAnalysis& analysis, std::string_view text,
                                     std::vector<Token>& tokens, std::vector<Word>& out) {
  out.clear();
  for (std::size_t a = 0; a < analysis.stemmers.size(); ++a) {
    tokens.clear();
    analysis.stemmers[a]->analyze(text, tokens);
    auto at = out.begin();
    for (Token& t : tokens) {
      at = std::lower_bound(at, out.end(), t.position,
                            [](const Word& w, std::uint32_t p) { return w.position < p; });
      if (at == out.end() || at->position != t.position) {
        at = out.insert(at, Word{t.position, {}, {}, 0});
      }
      const auto known = std::find(at->terms.begin(), at->terms.end(), t.term);
      if (known == at->terms.end()) {
        at->terms.push_back(std::move(t.term));
        at->makers.push_back(std::uint64_t{1} << a);
      } else {
        at->makers[known - at->terms.begin()] |= std::uint64_t{1} << a;
      }
    }
  }
  for (Word& w : out) {
    for (const std::uint64_t m : w.makers) {
      w.made |= m;
    }
  }
  return out;
}

// A term of `w`, kept to the articles of the languages whose analysers made it unless one of
// them has no filter.
Xapian::Query filtered_term(const QueryAnalysis& analysis, const Word& w, std::size_t i,
                            const std::string& prefix) {
  Xapian::Query term(prefix + w.terms[i], 1, w.position);
  if (analysis.filters.empty()) {
    return term;
  }
  std::vector<Xapian::Query> languages;
  for (std::size_t a = 0; a < analysis.filters.size(); ++a) {
    if ((w.makers[i] >> a & 1U) != 0) {
      if (analysis.filters[a].empty()) {
        return term;
      }
      languages.push_back(analysis.filters[a]);
    }
  }
  return Xapian::Query(Xapian::Query::OP_FILTER, term,
                       Xapian::Query(Xapian::Query::OP_OR, languages.begin(), languages.end()));
}

// The query of one word at its position: its term, or OP_SYNONYM of its terms in each language
// (each kept to its languages' articles), or in a phrase OP_OR of the bare terms (Xapian's
// phrases take terms and OR only).
Xapian::Query word_query(const QueryAnalysis& analysis, const Word& w, const std::string& prefix,
                         bool in_phrase) {
  if (w.terms.size() == 1) {
    return in_phrase ? Xapian::Query(prefix + w.terms.front(), 1, w.position)
                     : filtered_term(analysis, w, 0, prefix);
  }
  std::vector<Xapian::Query> alternatives;
  for (std::size_t i = 0; i < w.terms.size(); ++i) {
    alternatives.push_back(in_phrase ? Xapian::Query(prefix + w.terms[i], 1, w.position)
                                     : filtered_term(analysis, w, i, prefix));
  }
  return Xapian::Query(in_phrase ? Xapian::Query::OP_OR : Xapian::Query::OP_SYNONYM,
                       alternatives.begin(), alternatives.end());
}

// The pair term of two neighbouring words (schema::pair_term()): in each language that made a
// term of both, the pair of those terms, as that language's articles index it; OP_SYNONYM when
// the languages' pairs differ, one term for ranking; empty when no language made both.
Xapian::Query pair_query(const Word& a, const Word& b) {
  std::vector<std::string> pairs;
  const std::uint64_t both = a.made & b.made;
  for (std::size_t i = 0; i < 64 && (both >> i) != 0; ++i) {
    const std::uint64_t bit = std::uint64_t{1} << i;
    if ((both & bit) == 0) {
      continue;
    }
    const auto made = [bit](const Word& w) -> const std::string* {
      for (std::size_t t = 0; t < w.terms.size(); ++t) {
        if ((w.makers[t] & bit) != 0) {
          return &w.terms[t];
        }
      }
      return nullptr;  // (left out by drop_missing_terms)
    };
    const std::string* first = made(a);
    const std::string* second = made(b);
    if (first != nullptr && second != nullptr) {
      std::string pair = schema::pair_term(*first, *second);
      if (std::find(pairs.begin(), pairs.end(), pair) == pairs.end()) {
        pairs.push_back(std::move(pair));
      }
    }
  }
  if (pairs.size() <= 1) {
    return pairs.empty() ? Xapian::Query() : Xapian::Query(pairs.front());
  }
  return Xapian::Query(Xapian::Query::OP_SYNONYM, pairs.begin(), pairs.end());
}

// The ranked words' query with the pairs of neighbouring words added at `weight` of a word's.
Xapian::Query with_pairs(Xapian::Query ranked, const std::vector<Xapian::Query>& pairs,
                         double weight) {
  if (pairs.empty() || ranked.empty()) {
    return ranked;
  }
  return Xapian::Query(
      Xapian::Query::OP_OR, ranked,
      Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                    Xapian::Query(Xapian::Query::OP_OR, pairs.begin(), pairs.end()), weight));
}

// Combines two sides of a binary operator; a side with no searchable words (only stopwords)
// drops out instead of turning "the AND huawei" into nothing.
Xapian::Query combine(Xapian::Query::op op, const Xapian::Query& a, const Xapian::Query& b) {
  if (b.empty()) {
    return a;
  }
  if (a.empty()) {
    return op == Xapian::Query::OP_AND_NOT ? a : b;
  }
  return Xapian::Query(op, a, b);
}

std::string describe(const Lexeme& lx) {
  switch (lx.kind) {
    case Kind::kAnd:
      return "AND";
    case Kind::kOr:
      return "OR";
    case Kind::kNot:
      return "NOT";
    case Kind::kOpen:
      return "'('";
    case Kind::kClose:
      return "')'";
    case Kind::kEnd:
      return "end of query";
    default:
      return "'" + lx.text + "'";
  }
}

class Parser {
 public:
  Parser(std::string_view text, const QueryAnalysis& analysis, const SynonymLookup& synonyms,
         ParsedQuery& out)
      : text_(text),
        lx_(lex(text)),
        analysis_(analysis),
        analyzer_(*analysis.primary),
        synonyms_(synonyms),
        highlights_(out.highlight_terms),
        words_(out.words) {
    mark_function_words(lx_, analyzer_, shouted(text));
  }

  Xapian::Query parse() {
    Xapian::Query q = parse_or(0);
    if (peek().kind != Kind::kEnd) {
      throw SyntaxError{"unexpected " + describe(peek())};
    }
    return q;
  }

 private:
  const Lexeme& peek() const { return lx_[pos_]; }
  const Lexeme& next() { return lx_[pos_++]; }

  Xapian::Query parse_or(int depth) {
    Xapian::Query q = parse_and(depth);
    while (peek().kind == Kind::kOr) {
      next();
      q = combine(Xapian::Query::OP_OR, q, parse_and(depth));
    }
    return q;
  }

  Xapian::Query parse_and(int depth) {
    Xapian::Query q = parse_not(depth);
    while (peek().kind == Kind::kAnd) {
      next();
      q = combine(Xapian::Query::OP_AND, q, parse_not(depth));
    }
    return q;
  }

  Xapian::Query parse_not(int depth) {
    Xapian::Query q;
    if (peek().kind == Kind::kNot) {  // a leading NOT: everything except
      next();
      q = combine(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll,
                  parse_sequence(depth, /*negated=*/true));
    } else {
      q = parse_sequence(depth, false);
    }
    while (peek().kind == Kind::kNot) {
      next();
      q = combine(Xapian::Query::OP_AND_NOT, q, parse_sequence(depth, true));
    }
    return q;
  }

  // The items of a sequence by the part they play.
  struct Clauses {
    std::vector<Xapian::Query> should, must, must_not, categories, ranges;
    std::vector<Xapian::Query> pairs;  // of neighbouring ranked words (QueryAnalysis::pair_weight)
    std::optional<Word> last;          // the ranked word before, when nothing else came between
  };

  // Juxtaposed items: plain ones OR'ed (ranked), +items required, -items excluded, and
  // filters (category:, date:) restricting without adding to the score.
  Xapian::Query parse_sequence(int depth, bool negated) {
    Clauses c;
    bool any = false;
    while (true) {
      const Kind k = peek().kind;
      if (k == Kind::kEnd || k == Kind::kClose || k == Kind::kAnd || k == Kind::kOr ||
          k == Kind::kNot) {
        break;
      }
      any = true;
      if (k == Kind::kOpen) {
        c.last.reset();
        c.should.push_back(parse_group(depth));
      } else {
        parse_item(negated, c);
      }
    }
    if (!any) {
      throw SyntaxError{"missing words before " + describe(peek())};
    }
    return combine_clauses(c, analysis_.pair_weight);
  }

  // "( ... )".
  Xapian::Query parse_group(int depth) {
    if (depth >= kMaxDepth) {
      throw SyntaxError{"parentheses nested too deeply"};
    }
    next();
    Xapian::Query inner = parse_or(depth + 1);
    if (next().kind != Kind::kClose) {
      throw SyntaxError{"unbalanced parenthesis"};
    }
    return inner;
  }

  // A word, phrase, field or run of synonym words, into the clause its sign and field say.
  void parse_item(bool negated, Clauses& c) {
    const char sign = peek().sign;
    const bool excluded = negated != (sign == '-');
    if (Xapian::Query s = synonym_run(excluded); !s.empty()) {
      (sign == '+' ? c.must : sign == '-' ? c.must_not : c.should).push_back(s);
      c.last.reset();
      return;
    }
    const Lexeme& item = next();
    if (item.field.empty() || item.field == "title") {
      note_words(item);
    }
    if (item.function_word) {
      return;  // left out, as the articles leave out stopwords: its neighbours stay neighbours
    }
    if (item.field == "category") {
      (item.sign == '-' ? c.must_not : c.categories)
          .push_back(Xapian::Query(schema::category_term(item.text)));
      c.last.reset();
      return;
    }
    if (item.field == "date") {
      Xapian::Query r = date_range(item.text);
      (item.sign == '-' ? c.must_not : c.ranges).push_back(r);
      c.last.reset();
      return;
    }
    Xapian::Query q = text_query(item, excluded);
    if (!q.empty()) {  // (empty: only stopwords)
      (item.sign == '+' ? c.must : item.sign == '-' ? c.must_not : c.should).push_back(q);
    }
    note_pair(item, excluded, c);
  }

  // After a word: a plain ranked word next to the ranked word before it adds their pair.
  // Anything else in between (a phrase, a field, a sign, a group) parts them.
  void note_pair(const Lexeme& item, bool excluded, Clauses& c) const {
    if (analysis_.pair_weight <= 0) {
      return;
    }
    const bool ranked_word = item.kind == Kind::kWord && item.field.empty() && item.sign == 0 &&
                             !excluded && words_scratch_.size() == 1;
    if (item.kind == Kind::kWord && item.field.empty() && words_scratch_.empty()) {
      return;  // only stopwords, which the articles do not index either
    }
    if (!ranked_word) {
      c.last.reset();
      return;
    }
    if (c.last) {
      if (Xapian::Query p = pair_query(*c.last, words_scratch_.front()); !p.empty()) {
        c.pairs.push_back(std::move(p));
      }
    }
    c.last = words_scratch_.front();
  }

  // The sequence's query: required AND-ed, ranked OR-ed (AND_MAYBE'd onto required ones),
  // filtered by categories and dates, excluded ones taken out. Filters alone match all.
  static Xapian::Query combine_clauses(const Clauses& c, double pair_weight) {
    Xapian::Query q;
    Xapian::Query ranked;
    if (!c.should.empty()) {
      ranked = with_pairs(Xapian::Query(Xapian::Query::OP_OR, c.should.begin(), c.should.end()),
                          c.pairs, pair_weight);
    }
    if (!c.must.empty()) {
      q = Xapian::Query(Xapian::Query::OP_AND, c.must.begin(), c.must.end());
      if (!ranked.empty()) {
        q = Xapian::Query(Xapian::Query::OP_AND_MAYBE, q, ranked);
      }
    } else {
      q = ranked;
    }
    const bool filtered = !c.must_not.empty() || !c.categories.empty() || !c.ranges.empty();
    if (q.empty() && filtered) {
      q = Xapian::Query::MatchAll;
    }
    if (!c.categories.empty()) {
      q = Xapian::Query(
          Xapian::Query::OP_FILTER, q,
          Xapian::Query(Xapian::Query::OP_OR, c.categories.begin(), c.categories.end()));
    }
    for (const auto& r : c.ranges) {
      q = Xapian::Query(Xapian::Query::OP_FILTER, q, r);
    }
    if (!c.must_not.empty() && !q.empty()) {
      q = Xapian::Query(Xapian::Query::OP_AND_NOT, q,
                        Xapian::Query(Xapian::Query::OP_OR, c.must_not.begin(), c.must_not.end()));
    }
    return q;
  }

  // A word or phrase in the free-text, title or author field. A word that analyses to several
  // terms ("COVID-19", "東京都") is a phrase, exactly as the document side indexed it.
  Xapian::Query text_query(const Lexeme& item, bool excluded) {
    std::vector<Word>& words = words_scratch_;
    if (item.function_word) {
      words.clear();
      return {};
    }
    analyze_all(analysis_, item.text, tokens_, words);
    if (words.empty()) {
      return {};
    }
    std::string prefix;
    if (item.field == "title") {
      prefix = schema::kPrefixTitle;
    } else if (item.field == "author") {
      prefix = schema::kPrefixAuthor;
    }
    drop_missing_terms(analysis_, prefix, words);
    if (!excluded) {
      for (const Word& w : words) {
        highlights_.insert(highlights_.end(), w.terms.begin(), w.terms.end());
      }
    }
    if (words.size() == 1) {
      return word_query(analysis_, words.front(), prefix, /*in_phrase=*/false);
    }
    // A phrase requires only the words every language indexes: a stopword of one ("the" in
    // English) is a gap, as it is in that language's articles.
    const std::uint64_t all = (std::uint64_t{1} << analysis_.stemmers.size()) - 1;
    std::vector<Xapian::Query> terms;
    std::uint32_t first = 0;
    std::uint32_t last = 0;
    for (const Word& w : words) {
      if (w.made == all) {
        terms.push_back(word_query(analysis_, w, prefix, /*in_phrase=*/true));
        first = first == 0 ? w.position : first;
        last = w.position;
      }
    }
    if (terms.size() <= 1) {
      return terms.empty() ? Xapian::Query() : terms.front();
    }
    return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), last - first + 1);
  }

  // Records the words of a free-text or title item, for spelling suggestions.
  void note_words(const Lexeme& item) {
    tokens_.clear();
    analyzer_.analyze(item.text, tokens_);
    for (const Token& t : tokens_) {
      words_.push_back(QueryWord{item.begin + t.begin, item.begin + t.end, t.term});
    }
  }

  // A term, or a phrase of terms spanning `window` positions.
  static Xapian::Query phrase(const std::vector<std::string>& terms, Xapian::termcount window) {
    if (terms.size() == 1) {
      return Xapian::Query(terms.front());
    }
    std::vector<Xapian::Query> qs(terms.begin(), terms.end());
    return Xapian::Query(Xapian::Query::OP_PHRASE, qs.begin(), qs.end(), window);
  }

  // When the plain words starting here match a synonym key (the longest run that does), takes
  // them and returns OP_SYNONYM of them and their alternatives; otherwise an empty query.
  Xapian::Query synonym_run(bool excluded) {
    const Lexeme& first = peek();
    if (synonyms_.db == nullptr || first.kind != Kind::kWord || !first.field.empty()) {
      return {};
    }
    std::size_t run = 1;  // a signed word stands alone: "+united kingdom" is two items
    while (first.sign == 0 && run < synonyms_.max_words && pos_ + run < lx_.size() &&
           lx_[pos_ + run].kind == Kind::kWord && lx_[pos_ + run].field.empty() &&
           lx_[pos_ + run].sign == 0) {
      ++run;
    }
    for (std::size_t k = run; k >= 1; --k) {
      const std::size_t end = lx_[pos_ + k - 1].end;
      tokens_.clear();
      analyzer_.analyze(text_.substr(first.begin, end - first.begin), tokens_);
      const std::string key = synonym_key(tokens_);
      if (key.empty()) {
        continue;
      }
      auto it = synonyms_.db->synonyms_begin(key);
      if (it == synonyms_.db->synonyms_end(key)) {
        continue;
      }
      std::vector<Xapian::Query> alternatives;
      std::vector<std::string> terms;
      for (const Token& t : tokens_) {
        terms.push_back(t.term);
      }
      alternatives.push_back(phrase(terms, tokens_.back().position - tokens_.front().position + 1));
      for (; it != synonyms_.db->synonyms_end(key); ++it) {
        KeyTerms alt = split_synonym_key(*it);
        if (alt.terms.empty()) {
          continue;
        }
        alternatives.push_back(phrase(alt.terms, alt.window));
        terms.insert(terms.end(), alt.terms.begin(), alt.terms.end());
      }
      if (!excluded) {
        highlights_.insert(highlights_.end(), terms.begin(), terms.end());
      }
      for (std::size_t i = 0; i < k; ++i) {
        note_words(next());
      }
      return Xapian::Query(Xapian::Query::OP_SYNONYM, alternatives.begin(), alternatives.end());
    }
    return {};
  }

  static Xapian::Query date_range(const std::string& value) {
    const std::size_t dots = value.find("..");
    std::string lo, hi;
    if (dots == std::string::npos) {
      lo = text::date_bound(value, false);
      hi = text::date_bound(value, true);
      if (lo.empty()) {
        throw SyntaxError{"bad date '" + value + "' (use YYYY, YYYY-MM or YYYY-MM-DD)"};
      }
    } else {
      const std::string from = value.substr(0, dots), to = value.substr(dots + 2);
      lo = text::date_bound(from, false);
      hi = text::date_bound(to, true);
      if ((!from.empty() && lo.empty()) || (!to.empty() && hi.empty()) ||
          (from.empty() && to.empty())) {
        throw SyntaxError{"bad date range '" + value +
                          "' (use FROM..TO, e.g. 2020-01..2020-03-31)"};
      }
    }
    return date_range_query(lo, hi);
  }

  std::string_view text_;
  std::vector<Lexeme> lx_;
  std::size_t pos_ = 0;
  const QueryAnalysis& analysis_;
  Analyzer& analyzer_;  // analysis_.primary
  const SynonymLookup& synonyms_;
  std::vector<std::string>& highlights_;
  std::vector<QueryWord>& words_;
  std::vector<Token> tokens_;
  std::vector<Word> words_scratch_;
};

// The fallback for a malformed query: every word, ranked, none required.
ParsedQuery plain_words(std::string_view text, const QueryAnalysis& analysis, std::string error) {
  ParsedQuery out;
  out.fell_back = true;
  out.error = std::move(error);
  std::string cleaned;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t j = i;
    while (j < text.size() && !is_space(text[j])) {
      ++j;
    }
    std::string_view w = text.substr(i, j - i);
    i = j + 1;
    if (is_operator(w)) {
      continue;
    }
    if (const auto colon = w.find(':');
        colon != std::string_view::npos && known_field(w.substr(0, colon))) {
      w.remove_prefix(colon + 1);
    }
    cleaned.append(w).push_back(' ');
  }
  std::vector<Token> tokens;
  std::vector<Word> words;
  analyze_all(analysis, cleaned, tokens, words);  // the word breaker drops quotes and signs
  drop_missing_terms(analysis, "", words);
  std::vector<Xapian::Query> terms;
  std::vector<Xapian::Query> pairs;
  for (std::size_t k = 0; k < words.size(); ++k) {
    const Word& w = words[k];
    terms.push_back(word_query(analysis, w, "", /*in_phrase=*/false));
    out.highlight_terms.insert(out.highlight_terms.end(), w.terms.begin(), w.terms.end());
    if (k > 0 && analysis.pair_weight > 0) {
      if (Xapian::Query p = pair_query(words[k - 1], w); !p.empty()) {
        pairs.push_back(std::move(p));
      }
    }
  }
  out.query = with_pairs(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()), pairs,
                         analysis.pair_weight);
  return out;
}

}  // namespace

Xapian::Query date_range_query(const std::string& lo, const std::string& hi) {
  if (lo.empty() && hi.empty()) {
    return {};
  }
  if (lo.empty()) {
    return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kSlotDate, hi);
  }
  if (hi.empty()) {
    return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotDate, lo);
  }
  return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotDate, lo, hi);
}

ParsedQuery parse_query(std::string_view text, const QueryAnalysis& analysis,
                        const SynonymLookup& synonyms) {
  ParsedQuery out;
  try {
    Parser parser(text, analysis, synonyms, out);
    out.query = parser.parse();
    return out;
  } catch (const SyntaxError& e) {
    return plain_words(text, analysis, e.message);
  }
}

ParsedQuery parse_query(std::string_view text, Analyzer& analyzer, const SynonymLookup& synonyms) {
  return parse_query(text, QueryAnalysis{&analyzer, {&analyzer}, {}}, synonyms);
}

}  // namespace folio
