// Passage selection and highlighting for search results.
#include "search/snippet_maker.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>

namespace folio {
namespace {

constexpr std::string_view kEllipsis = "…";

// Pieces longer than this (text without spaces: CJK, URLs) are analysed each time, not kept.
constexpr std::size_t kMaxCachedPiece = 128;
// The piece cache is emptied before a body when it holds this many; news vocabularies repeat.
constexpr std::size_t kMaxPieces = 200000;
// How far back from its cut point a passage looks for a word boundary in text without spaces.
constexpr std::size_t kBoundaryReach = 96;

bool is_space(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v';
}

// ASCII characters that never join the characters either side into one word (Unicode word
// breaking, UAX #29: white space and the punctuation of class "Other"). Not . , : ; ' " _,
// which can sit inside a word ("U.K.", "2,000", "don't", "a_b", Hebrew gershayim).
constexpr std::array<bool, 256> kSeparator = [] {
  std::array<bool, 256> table{};
  for (const char c : std::string_view(" \n\r\t\f\v()[]{}<>!?*+=|/\\#$%&^~`-")) {
    table[static_cast<unsigned char>(c)] = true;
  }
  return table;
}();

// Text between highlights: runs of white space (line and paragraph breaks too) become one space;
// a snippet never starts with one. Appended to the fragment before when that is plain, in runs
// of words with single spaces between.
void append_plain(Snippet& out, std::string_view text) {
  const bool lead = !out.empty();  // whether a space may come before the first word
  std::string fresh;
  const bool join = lead && !out.back().highlight;
  std::string& s = join ? out.back().text : fresh;
  if (!join) {
    fresh.reserve(text.size());
  }
  const std::size_t before = s.size();
  const std::size_t n = text.size();
  bool space = false;
  std::size_t i = 0;
  while (i < n) {
    if (is_space(text[i])) {
      space = true;
      ++i;
      continue;
    }
    // A run of words joined by single spaces, which stay as they are: one append.
    std::size_t j = i + 1;
    while (j < n) {
      if (!is_space(text[j])) {
        ++j;
      } else if (text[j] == ' ' && j + 1 < n && !is_space(text[j + 1])) {
        j += 2;
      } else {
        break;
      }
    }
    if (space && (lead || s.size() > before)) {
      s.push_back(' ');
    }
    space = false;
    s.append(text.data() + i, j - i);
    i = j;
  }
  if (space && (lead || s.size() > before)) {
    s.push_back(' ');
  }
  if (!join && !fresh.empty()) {
    out.push_back({std::move(fresh), false});
  }
}

// A cheap hash of a piece (most are a few bytes): eight bytes at a time, multiply and mix.
// The last few bytes are one load when the text goes on for eight bytes from them (`end`: the
// end of the text around the piece), else read byte by byte. Never 0, which marks an empty
// slot of the piece cache.
std::uint64_t piece_hash(std::string_view s, const char* end) {
  std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ s.size();
  const char* p = s.data();
  std::size_t n = s.size();
  while (n >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 31;
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    std::uint64_t w = 0;
    if (end - p >= 8) {
      std::memcpy(&w, p, 8);
      if constexpr (std::endian::native == std::endian::little) {
        w &= ~std::uint64_t{0} >> (64 - 8 * n);
      } else {
        w &= ~std::uint64_t{0} << (64 - 8 * n);
      }
    } else {
      std::memcpy(&w, p, n);
    }
    h = (h ^ w) * 0x94D049BB133111EBULL;
  }
  h ^= h >> 32;
  h *= 0xD6E8FEB86659FD93ULL;
  h ^= h >> 32;
  return h | 1;
}

// The start of the sentence holding `at`, if it begins within `limit` bytes before it.
std::size_t sentence_start(std::string_view body, std::size_t at, std::size_t limit, bool& found) {
  const std::size_t floor = at > limit ? at - limit : 0;
  for (std::size_t i = at; i > floor; --i) {
    const char c = body[i - 1];
    if (c == '\n' || ((c == ' ') && i >= 2 &&
                      (body[i - 2] == '.' || body[i - 2] == '!' || body[i - 2] == '?'))) {
      found = true;
      return i;
    }
  }
  found = floor == 0;
  return floor == 0 ? 0 : at;
}

// The first word start in [from, at], else `at` (itself the start of a matched word).
std::size_t word_start_from(std::string_view body, std::size_t from, std::size_t at) {
  for (std::size_t p = from; p < at; ++p) {
    if ((p == 0 || is_space(body[p - 1])) && !is_space(body[p])) {
      return p;
    }
  }
  return at;
}

bool overlaps(const std::pair<std::size_t, std::size_t>& a,
              const std::pair<std::size_t, std::size_t>& b) {
  return a.first < b.second && b.first < a.second;
}

}  // namespace

std::uint32_t SnippetMaker::term_id(const std::string& term) {
  auto it = term_ids_.find(term);
  if (it == term_ids_.end()) {
    it = term_ids_.emplace(term, static_cast<std::uint32_t>(term_ids_.size())).first;
  }
  return it->second;
}

void SnippetMaker::clear_pieces() {
  piece_slots_.clear();
  piece_text_.clear();
  piece_words_.clear();
  piece_count_ = 0;
}

void SnippetMaker::grow_pieces() {
  std::vector<PieceSlot> old = std::move(piece_slots_);
  piece_slots_.assign(old.empty() ? 4096 : 2 * old.size(), PieceSlot{});
  const std::size_t mask = piece_slots_.size() - 1;
  for (const PieceSlot& slot : old) {
    if (slot.hash != 0) {
      std::size_t i = slot.hash & mask;
      while (piece_slots_[i].hash != 0) {
        i = (i + 1) & mask;
      }
      piece_slots_[i] = slot;
    }
  }
}

SnippetMaker::WordSpan SnippetMaker::words_of(std::string_view piece, std::uint64_t hash) {
  const bool keep = piece.size() <= kMaxCachedPiece && piece_count_ < 2 * kMaxPieces;
  std::size_t i = 0;
  if (keep) {
    if (2 * (piece_count_ + 1) > piece_slots_.size()) {
      grow_pieces();
    }
    const std::size_t mask = piece_slots_.size() - 1;
    for (i = hash & mask; piece_slots_[i].hash != 0; i = (i + 1) & mask) {
      const PieceSlot& slot = piece_slots_[i];
      if (slot.hash == hash && slot.text_size == piece.size() &&
          std::memcmp(piece_text_.data() + slot.text_begin, piece.data(), piece.size()) == 0) {
        const Word* first = piece_words_.data() + slot.words_begin;
        return {first, first + slot.words_size};
      }
    }
  }
  tokens_.clear();
  analyzer_.analyze(piece, tokens_);
  Words& words = keep ? piece_words_ : uncached_;
  if (!keep) {
    uncached_.clear();
  }
  const std::size_t words_begin = words.size();
  for (const Token& t : tokens_) {
    words.push_back(
        {term_id(t.term), static_cast<std::uint32_t>(t.begin), static_cast<std::uint32_t>(t.end)});
  }
  if (keep) {
    piece_slots_[i] = {hash, static_cast<std::uint32_t>(piece_text_.size()),
                       static_cast<std::uint32_t>(piece.size()),
                       static_cast<std::uint32_t>(words_begin),
                       static_cast<std::uint32_t>(words.size() - words_begin)};
    piece_text_.append(piece);
    ++piece_count_;
  }
  return {words.data() + words_begin, words.data() + words.size()};
}

// The words of a text are the words of its pieces between separators, so a piece analysed
// alone gives the terms and offsets that analysing the whole body would.
void SnippetMaker::find_matches(std::string_view body, const std::vector<std::uint32_t>& ids) {
  matches_.clear();
  const std::size_t n = body.size();
  std::size_t i = 0;
  while (i < n) {
    while (i < n && kSeparator[static_cast<unsigned char>(body[i])]) {
      ++i;
    }
    std::size_t j = i;
    while (j < n && !kSeparator[static_cast<unsigned char>(body[j])]) {
      ++j;
    }
    if (j > i) {
      const std::string_view piece = body.substr(i, j - i);
      for (const Word& w : words_of(piece, piece_hash(piece, body.data() + n))) {
        for (std::size_t slot = 0; slot < ids.size(); ++slot) {
          if (ids[slot] == w.term) {
            matches_.push_back({i + w.begin, i + w.end, slot});
            break;
          }
        }
      }
    }
    i = j;
  }
}

// Where a passage from `start` should end to stay within `limit`: before the white space
// after the last word that fits; in text without spaces, at the end of the last word that
// ICU finds before `limit`; failing both, at a UTF-8 character boundary.
std::size_t SnippetMaker::word_end_before(std::string_view body, std::size_t start,
                                          std::size_t limit) {
  if (limit >= body.size()) {
    return body.size();
  }
  for (std::size_t p = limit; p > start; --p) {
    if (is_space(body[p]) && !is_space(body[p - 1])) {
      return p;
    }
  }
  std::size_t lo = std::max(start, limit > kBoundaryReach ? limit - kBoundaryReach : 0);
  while (lo < limit && (static_cast<unsigned char>(body[lo]) & 0xC0) == 0x80) {
    ++lo;
  }
  tokens_.clear();
  analyzer_.analyze(body.substr(lo, limit - lo), tokens_);
  std::size_t end = start;
  for (const Token& t : tokens_) {
    if (t.end < limit - lo) {  // a word running into `limit` may go on past it
      end = lo + t.end;
    }
  }
  if (end == start) {
    end = limit;
    while (end > start && (static_cast<unsigned char>(body[end]) & 0xC0) == 0x80) {
      --end;
    }
  }
  return end;
}

std::vector<Snippet> SnippetMaker::make(std::string_view body,
                                        const std::unordered_map<std::string, double>& term_weights,
                                        std::size_t max_bytes, std::size_t max_passages) {
  std::vector<Snippet> out;
  // A body of white space alone would give a passage with no text in it.
  if (max_passages == 0 || max_bytes == 0 || std::all_of(body.begin(), body.end(), is_space)) {
    return out;
  }
  if (piece_count_ >= kMaxPieces) {  // before the query's ids are taken, never during a body
    clear_pieces();
    term_ids_.clear();
  }
  std::vector<std::uint32_t> ids;
  std::vector<double> weights;
  for (const auto& [term, weight] : term_weights) {
    ids.push_back(term_id(term));
    weights.push_back(weight);
  }
  find_matches(body, ids);
  for (const Range& r : passages(body, weights, max_bytes, max_passages)) {
    out.push_back(render(body, r));
  }
  return out;
}

// The passages as byte ranges of the body, in body order: the whole body when it (nearly)
// fits, its start when nothing matched, else the best windows of matches, each grown into a
// passage.
std::vector<SnippetMaker::Range> SnippetMaker::passages(std::string_view body,
                                                        const std::vector<double>& weights,
                                                        std::size_t max_bytes,
                                                        std::size_t max_passages) {
  const std::size_t tail = max_bytes + max_bytes / 8;  // a tail this short is taken whole
  if (body.size() <= tail) {
    return {{0, body.size()}};
  }
  if (matches_.empty()) {
    return {{0, word_end_before(body, 0, max_bytes)}};
  }
  const std::vector<Window> candidates = windows(weights, max_bytes);
  std::vector<Range> ranges;
  std::vector<bool> used(candidates.size(), false);
  while (ranges.size() < max_passages) {
    const Window* best = best_window(candidates, used, ranges);
    if (best == nullptr) {
      break;
    }
    used[best - candidates.data()] = true;
    ranges.push_back(passage_around(body, *best, ranges, max_bytes, tail));
  }
  std::sort(ranges.begin(), ranges.end());
  return ranges;
}

// For each match, the window of at most max_bytes ending with it: the weight of the distinct
// terms it holds and its number of matches.
std::vector<SnippetMaker::Window> SnippetMaker::windows(const std::vector<double>& weights,
                                                        std::size_t max_bytes) const {
  std::vector<Window> out;
  out.reserve(matches_.size());
  std::vector<int> in_window(weights.size(), 0);
  double distinct = 0;
  std::size_t first = 0;
  for (std::size_t last = 0; last < matches_.size(); ++last) {
    if (in_window[matches_[last].slot]++ == 0) {
      distinct += weights[matches_[last].slot];
    }
    while (first < last && matches_[last].end - matches_[first].begin > max_bytes) {
      if (--in_window[matches_[first].slot] == 0) {
        distinct -= weights[matches_[first].slot];
      }
      ++first;
    }
    out.push_back({distinct, last - first + 1, first, last});
  }
  return out;
}

// The best window not used yet whose matches lie outside the passages taken: the most weight
// of distinct terms, then the most matches, then the earliest. nullptr when none is left.
const SnippetMaker::Window* SnippetMaker::best_window(const std::vector<Window>& candidates,
                                                      const std::vector<bool>& used,
                                                      const std::vector<Range>& taken) const {
  const Window* best = nullptr;
  for (std::size_t w = 0; w < candidates.size(); ++w) {
    const Window& c = candidates[w];
    const Range span{matches_[c.first].begin, matches_[c.last].end};
    if (used[w] || std::any_of(taken.begin(), taken.end(),
                               [&](const Range& r) { return overlaps(r, span); })) {
      continue;
    }
    if (best == nullptr || c.distinct > best->distinct + 1e-9 ||
        (c.distinct > best->distinct - 1e-9 && c.count > best->count)) {
      best = &c;
    }
  }
  return best;
}

// The passage around a window's matches: from a sentence start when one is near (else a few
// words before the first match) to a word end within max_bytes (a sentence end when one is in
// the last third), never running into a passage already taken.
SnippetMaker::Range SnippetMaker::passage_around(std::string_view body, const Window& w,
                                                 const std::vector<Range>& taken,
                                                 std::size_t max_bytes, std::size_t tail) {
  const std::size_t anchor = matches_[w.first].begin;
  const std::size_t last_end = matches_[w.last].end;
  const std::size_t spare = max_bytes > last_end - anchor ? max_bytes - (last_end - anchor) : 0;
  bool found = false;
  std::size_t start = sentence_start(body, anchor, spare / 2, found);
  if (!found) {  // no sentence start near: lead in with a few words of context
    start = word_start_from(body, anchor - std::min(anchor, spare / 4), anchor);
  }
  std::size_t end = body.size();
  if (body.size() - start > tail) {
    end = std::max(word_end_before(body, start, start + max_bytes), last_end);
    const std::size_t floor = std::max(last_end, start + max_bytes * 2 / 3);
    for (std::size_t p = end; p > floor; --p) {
      if (p < body.size() && is_space(body[p]) &&
          (body[p - 1] == '.' || body[p - 1] == '!' || body[p - 1] == '?')) {
        end = p;
        break;
      }
    }
  }
  for (const Range& r : taken) {  // the matches themselves lie outside the passages taken
    if (r.second <= anchor && start < r.second) {
      start = r.second;
      while (start < anchor && is_space(body[start])) {
        ++start;
      }
    }
    if (r.first >= last_end && end > r.first) {
      end = r.first;
      while (end > last_end && is_space(body[end - 1])) {
        --end;
      }
    }
  }
  return {start, end};
}

// A passage as fragments: the matches in it highlighted, white space made single, an ellipsis
// at each end that is not an end of the body.
Snippet SnippetMaker::render(std::string_view body, const Range& range) const {
  const auto [start, end] = range;
  Snippet s;
  if (start > 0) {
    s.push_back({std::string(kEllipsis) + " ", false});
  }
  std::size_t cursor = start;
  auto m = std::lower_bound(matches_.begin(), matches_.end(), start,
                            [](const Match& x, std::size_t at) { return x.begin < at; });
  for (; m != matches_.end() && m->end <= end; ++m) {
    append_plain(s, body.substr(cursor, m->begin - cursor));
    s.push_back({std::string(body.substr(m->begin, m->end - m->begin)), true});
    cursor = m->end;
  }
  append_plain(s, body.substr(cursor, end - cursor));
  if (end < body.size()) {
    if (!s.empty() && !s.back().highlight) {
      while (!s.back().text.empty() && s.back().text.back() == ' ') {
        s.back().text.pop_back();
      }
    }
    s.push_back({" " + std::string(kEllipsis), false});
  }
  return s;
}

Snippet SnippetMaker::mark(std::string_view text, const std::vector<std::string>& terms) {
  Snippet out;
  if (text.empty()) {
    return out;
  }
  if (piece_count_ >= kMaxPieces) {
    clear_pieces();
    term_ids_.clear();
  }
  std::vector<std::uint32_t> ids;
  ids.reserve(terms.size());
  for (const std::string& term : terms) {
    ids.push_back(term_id(term));
  }
  find_matches(text, ids);
  std::size_t cursor = 0;
  for (const Match& m : matches_) {
    if (m.begin > cursor) {
      out.push_back({std::string(text.substr(cursor, m.begin - cursor)), false});
    }
    out.push_back({std::string(text.substr(m.begin, m.end - m.begin)), true});
    cursor = m.end;
  }
  if (cursor < text.size()) {
    out.push_back({std::string(text.substr(cursor)), false});
  }
  return out;
}

std::vector<Snippet> make_snippets(std::string_view body,
                                   const std::unordered_map<std::string, double>& term_weights,
                                   Analyzer& analyzer, std::size_t max_bytes,
                                   std::size_t max_passages) {
  return SnippetMaker(analyzer).make(body, term_weights, max_bytes, max_passages);
}

}  // namespace folio
