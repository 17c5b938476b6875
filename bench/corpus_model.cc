// The word model of folio-gen-corpus: learning words from a folder of articles, and sampling.
#include "corpus_model.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <unordered_set>

namespace gen_corpus {
namespace {

namespace fs = std::filesystem;

bool is_ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Length of the UTF-8 sequence at s[i] if it is valid and letter-like, else 0. Latin-1
// punctuation and symbols (U+0080-U+00BF) and General Punctuation (U+2000-U+206F) separate words.
std::size_t utf8_letter_length(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t len = 0;
  std::uint32_t cp = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    cp = c & 0x1FU;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    cp = c & 0x0FU;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    cp = c & 0x07U;
  } else {
    return 0;
  }
  if (i + len > s.size()) {
    return 0;
  }
  for (std::size_t k = 1; k < len; ++k) {
    const auto t = static_cast<unsigned char>(s[i + k]);
    if ((t & 0xC0U) != 0x80U) {
      return 0;
    }
    cp = (cp << 6) | (t & 0x3FU);
  }
  const bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
  const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
  if (overlong || surrogate || cp > 0x10FFFF || cp < 0xC0 || (cp >= 0x2000 && cp <= 0x206F) ||
      cp == 0xD7 || cp == 0xF7) {
    return 0;
  }
  return len;
}

// Crude HTML to text: drops script/style, turns block tags into paragraph breaks and inline
// tags into spaces, and entities into spaces (apostrophes excepted).
std::string strip_html(std::string_view html) {
  static constexpr std::array<std::string_view, 16> kBlockTags = {
      "p",  "br", "div", "li",    "tr",      "h1",      "h2",         "h3",
      "h4", "h5", "h6",  "title", "section", "article", "blockquote", "header"};
  std::string out;
  out.reserve(html.size());
  std::size_t i = 0;
  auto lower_name_at = [&](std::size_t pos) {
    std::string name;
    while (pos < html.size() && (is_ascii_alnum(static_cast<unsigned char>(html[pos])))) {
      name += static_cast<char>(std::tolower(static_cast<unsigned char>(html[pos])));
      ++pos;
    }
    return name;
  };
  while (i < html.size()) {
    const char c = html[i];
    if (c == '<') {
      const std::size_t name_at = i + 1 + (i + 1 < html.size() && html[i + 1] == '/' ? 1 : 0);
      const std::string name = lower_name_at(name_at);
      if (name == "script" || name == "style") {
        const std::size_t end = html.find("</", i + 1);
        std::size_t close = end;
        while (close != std::string_view::npos && lower_name_at(close + 2) != name) {
          close = html.find("</", close + 2);
        }
        i = close == std::string_view::npos ? html.size() : close + 2;
      }
      const std::size_t gt = html.find('>', i);
      i = gt == std::string_view::npos ? html.size() : gt + 1;
      const bool block = std::find(kBlockTags.begin(), kBlockTags.end(), name) != kBlockTags.end();
      out += block ? "\n\n" : " ";
    } else if (c == '&') {
      const std::size_t semi = html.find(';', i);
      const bool entity = semi != std::string_view::npos && semi - i <= 10;
      const std::string_view name = entity ? html.substr(i + 1, semi - i - 1) : "";
      const bool apostrophe = name == "rsquo" || name == "apos" || name == "#39" || name == "#8217";
      out += apostrophe ? '\'' : ' ';  // "country&rsquo;s" is one word
      i = entity ? semi + 1 : i + 1;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

// Markdown: the YAML front matter is metadata, not prose.
std::string_view strip_front_matter(std::string_view md) {
  if (md.substr(0, 4) != "---\n") {
    return md;
  }
  const std::size_t end = md.find("\n---", 3);
  return end == std::string_view::npos ? md : md.substr(end + 4);
}

}  // namespace

std::uint32_t Model::intern(const std::string& key) {
  const auto [it, inserted] = ids_.try_emplace(key, static_cast<std::uint32_t>(keys_.size()));
  if (inserted) {
    keys_.push_back(key);
    entries_.emplace_back();
  }
  return it->second;
}

void Model::add(std::uint32_t id) {
  ++entries_[id].count;
  ++tokens_;
  if (prev_ != kNone) {
    ++pairs_[(static_cast<std::uint64_t>(prev_) << 32) | id];
  }
  prev_ = id;
}

void Model::learn_text(std::string_view text) {
  const std::uint32_t period = intern(".");
  const std::uint32_t comma = intern(",");
  prev_ = period;  // a text starts like a sentence
  std::string word;
  std::string key;
  std::size_t newlines = 0;
  auto flush_word = [&] {
    if (word.empty()) {
      return;
    }
    if (word.size() <= static_cast<std::size_t>(kMaxWordBytes)) {
      key = word;
      for (char& ch : key) {
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      }
      const bool sentence_start = prev_ == period;
      const std::uint32_t id = intern(key);
      Entry& e = entries_[id];
      if (!sentence_start) {
        if (std::any_of(word.begin(), word.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; })) {
          if (e.capital_form.empty()) {
            e.capital_form = word;
          }
          ++e.capitalised;
        } else {
          ++e.lower;
        }
      }
      add(id);
    }
    word.clear();
  };
  auto punctuation = [&](std::uint32_t id) {
    flush_word();
    if (prev_ != period && prev_ != comma) {
      add(id);
    } else if (id == period && prev_ == comma) {
      prev_ = period;  // "word, ." is rare; treat the comma as ending the sentence
    }
  };
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      flush_word();
      if (++newlines == 2) {
        punctuation(period);  // a heading or title line without a full stop
      }
      ++i;
      continue;
    }
    if (c != '\r' && c != ' ' && c != '\t') {
      newlines = 0;
    }
    const bool next_is_word =
        i + 1 < text.size() && (is_ascii_alnum(static_cast<unsigned char>(text[i + 1])) ||
                                utf8_letter_length(text, i + 1) > 0);
    const bool joiner =  // "don't", "Wi-Fi", "3.5"
        !word.empty() && next_is_word &&
        (c == '\'' || c == '-' ||
         (c == '.' && std::isdigit(static_cast<unsigned char>(word.back())) != 0));
    if (is_ascii_alnum(c) || joiner) {
      word += static_cast<char>(c);
      ++i;
    } else if (const std::size_t len = utf8_letter_length(text, i); len > 0) {
      word.append(text.substr(i, len));
      i += len;
    } else if (!word.empty() && text.substr(i, 3) == "\xE2\x80\x99" && i + 3 < text.size() &&
               is_ascii_alnum(static_cast<unsigned char>(text[i + 3]))) {
      word += '\'';  // typographic apostrophe, as in "Huawei’s"
      i += 3;
    } else {
      if (c == '.' || c == '!' || c == '?') {
        punctuation(period);
      } else if (c == ',' || c == ';' || c == ':') {
        punctuation(comma);
      } else {
        flush_word();
      }
      ++i;
    }
  }
  punctuation(period);
}

void Model::learn_folder(const fs::path& root) {
  if (!fs::is_directory(root)) {
    throw std::runtime_error("source folder not found: " + root.string());
  }
  std::vector<fs::path> paths;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
       ++it) {
    const std::string name = it->path().filename().string();
    if (!name.empty() && name[0] == '.') {
      if (it->is_directory()) {
        it.disable_recursion_pending();
      }
      continue;
    }
    if (!it->is_regular_file()) {
      continue;
    }
    std::string stem = it->path().stem().string();
    std::string ext = it->path().extension().string();
    for (std::string* s : {&stem, &ext}) {
      std::transform(s->begin(), s->end(), s->begin(),
                     [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    }
    const bool meta =
        stem == "readme" || stem == "license" || stem == "changelog" || stem == "contributing";
    if (!meta && (ext == ".txt" || ext == ".md" || ext == ".html" || ext == ".htm")) {
      paths.push_back(it->path());
    }
  }
  std::sort(paths.begin(), paths.end());  // directory order differs between file systems
  for (const fs::path& p : paths) {
    std::ifstream in(p, std::ios::binary);
    if (!in) {
      throw std::runtime_error("cannot read " + p.string());
    }
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string ext = p.extension().string();
    if (ext == ".html" || ext == ".htm" || ext == ".HTML" || ext == ".HTM") {
      learn_text(strip_html(bytes));
    } else if (ext == ".md" || ext == ".MD") {
      learn_text(strip_front_matter(bytes));
    } else {
      learn_text(bytes);
    }
    ++files_;
  }
  if (files_ == 0 || keys_.size() < 3) {
    throw std::runtime_error("no .txt, .md or .html text under " + root.string());
  }
}

void Model::finish() {
  const std::size_t n = keys_.size();
  std::vector<std::uint32_t> order(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    order[i] = i;
  }
  // Rank by count, ties by spelling: hash-map order must not leak into the output.
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return entries_[a].count != entries_[b].count ? entries_[a].count > entries_[b].count
                                                  : keys_[a] < keys_[b];
  });
  std::vector<std::uint32_t> rank(n);
  std::vector<std::uint64_t> counts(n);
  surface_.resize(n);
  for (std::uint32_t r = 0; r < n; ++r) {
    const std::uint32_t id = order[r];
    const Entry& e = entries_[id];
    rank[id] = r;
    counts[r] = e.count;
    surface_[r] = e.capitalised > e.lower ? e.capital_form : keys_[id];
  }
  period_ = rank[ids_.at(".")];
  comma_ = rank[ids_.at(",")];
  unigram_ = AliasTable(counts);

  std::vector<std::pair<std::uint64_t, std::uint64_t>> pairs;
  pairs.reserve(pairs_.size());
  for (const auto& [key, count] : pairs_) {
    const std::uint64_t a = rank[key >> 32];
    const std::uint64_t b = rank[key & 0xFFFFFFFFU];
    pairs.emplace_back((a << 32) | b, count);
  }
  std::sort(pairs.begin(), pairs.end());
  begin_.assign(n + 1, 0);
  next_.reserve(pairs.size());
  cumulative_.reserve(pairs.size());
  std::uint64_t running = 0;
  std::uint64_t current = UINT64_MAX;
  for (const auto& [key, count] : pairs) {
    const std::uint64_t a = key >> 32;
    if (a != current) {
      running = 0;
      current = a;
    }
    running += count;
    ++begin_[a + 1];
    next_.push_back(static_cast<std::uint32_t>(key & 0xFFFFFFFFU));
    cumulative_.push_back(running);
  }
  for (std::size_t i = 0; i < n; ++i) {
    begin_[i + 1] += begin_[i];
  }
  ids_.clear();
  pairs_.clear();
  entries_.clear();
  keys_.clear();
}

}  // namespace gen_corpus
