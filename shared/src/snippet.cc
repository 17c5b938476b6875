// Passage selection and highlighting for search results.
#include "snippet.h"

#include <algorithm>
#include <vector>

namespace folio {
namespace {

constexpr std::string_view kEllipsis = "…";

// Text between highlights: runs of white space (line and paragraph breaks too) become one space;
// a snippet never starts with one.
void append_plain(Snippet& out, std::string_view text) {
  std::string s;
  s.reserve(text.size());
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f') {
      space = true;
      continue;
    }
    if (space && (!s.empty() || !out.empty())) {
      s.push_back(' ');
    }
    space = false;
    s.push_back(c);
  }
  if (space && (!s.empty() || !out.empty())) {
    s.push_back(' ');
  }
  if (s.empty()) {
    return;
  }
  if (!out.empty() && !out.back().highlight) {
    out.back().text += s;
  } else {
    out.push_back({std::move(s), false});
  }
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

}  // namespace

Snippet make_snippet(std::string_view body,
                     const std::unordered_map<std::string, double>& term_weights,
                     Analyzer& analyzer, std::size_t max_bytes) {
  std::vector<Token> tokens;
  analyzer.analyze(body, tokens);
  std::vector<std::size_t> matches;  // indices into tokens
  std::vector<double> weight;        // weight of each match's term
  std::vector<std::size_t> term_id;  // a small id per distinct matched term
  std::unordered_map<std::string_view, std::size_t> ids;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    auto it = term_weights.find(tokens[i].term);
    if (it == term_weights.end()) {
      continue;
    }
    matches.push_back(i);
    weight.push_back(it->second);
    term_id.push_back(ids.emplace(it->first, ids.size()).first->second);
  }

  // Slide a window of at most max_bytes over the matches; keep the best-scoring one.
  std::size_t best_first = 0, best_last = 0;
  if (!matches.empty()) {
    std::vector<int> in_window(ids.size(), 0);
    double distinct = 0, best_distinct = -1;
    std::size_t best_count = 0;
    std::size_t first = 0;
    for (std::size_t last = 0; last < matches.size(); ++last) {
      if (in_window[term_id[last]]++ == 0) {
        distinct += weight[last];
      }
      while (tokens[matches[last]].end - tokens[matches[first]].begin > max_bytes) {
        if (--in_window[term_id[first]] == 0) {
          distinct -= weight[first];
        }
        ++first;
      }
      const std::size_t count = last - first + 1;
      if (distinct > best_distinct + 1e-9 ||
          (distinct > best_distinct - 1e-9 && count > best_count)) {
        best_distinct = distinct;
        best_count = count;
        best_first = first;
        best_last = last;
      }
    }
  }

  // A body that (nearly) fits is shown whole.
  const bool whole = body.size() <= max_bytes + max_bytes / 8;
  std::size_t start = 0;
  if (!matches.empty() && !whole) {
    const std::size_t anchor = tokens[matches[best_first]].begin;
    const std::size_t span = tokens[matches[best_last]].end - anchor;
    const std::size_t spare = max_bytes > span ? max_bytes - span : 0;
    bool found = false;
    start = sentence_start(body, anchor, spare / 2, found);
    if (!found) {  // no sentence start near: lead in with a few words of context
      const std::size_t lead = std::min(anchor, spare / 4);
      auto it = std::lower_bound(tokens.begin(), tokens.end(), anchor - lead,
                                 [](const Token& t, std::size_t at) { return t.begin < at; });
      start = it == tokens.end() ? anchor : std::min(it->begin, anchor);
    }
  }
  // End at the last word that fits; take a short tail whole rather than cut it.
  std::size_t end = body.size();
  if (!whole && body.size() - start > max_bytes + max_bytes / 8) {
    end = start;
    auto it = std::lower_bound(tokens.begin(), tokens.end(), start,
                               [](const Token& t, std::size_t at) { return t.begin < at; });
    for (; it != tokens.end() && it->end <= start + max_bytes; ++it) {
      end = it->end;
    }
    if (end == start) {  // one enormous word: cut on a UTF-8 boundary
      end = std::min(body.size(), start + max_bytes);
      while (end > start && (static_cast<unsigned char>(body[end]) & 0xC0) == 0x80) {
        --end;
      }
    }
    if (end < body.size() && (body[end] == '.' || body[end] == '!' || body[end] == '?')) {
      ++end;  // keep the full stop that ends the passage's last sentence
    }
  }

  Snippet out;
  if (start > 0) {
    out.push_back({std::string(kEllipsis) + " ", false});
  }
  std::size_t cursor = start;
  for (std::size_t m = 0; m < matches.size(); ++m) {
    const Token& t = tokens[matches[m]];
    if (t.begin < start) {
      continue;
    }
    if (t.end > end) {
      break;
    }
    append_plain(out, body.substr(cursor, t.begin - cursor));
    out.push_back({std::string(body.substr(t.begin, t.end - t.begin)), true});
    cursor = t.end;
  }
  append_plain(out, body.substr(cursor, end - cursor));
  if (end < body.size()) {
    if (!out.empty() && !out.back().highlight) {
      while (!out.back().text.empty() && out.back().text.back() == ' ') {
        out.back().text.pop_back();
      }
    }
    out.push_back({" " + std::string(kEllipsis), false});
  }
  return out;
}

}  // namespace folio
