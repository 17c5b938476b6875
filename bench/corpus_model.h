// The word model of folio-gen-corpus: words, "." and "," learned from a folder of articles,
// and the tables that sample them (unigram counts and bigram transitions), with the seeded
// random numbers every sample is drawn from. See gen_corpus.cc for the whole generator.
#pragma once

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gen_corpus {

constexpr double kBigramShare = 0.75;  // follow the previous word's successors this often
constexpr int kMaxWordBytes = 30;      // longer source "words" are URLs and the like

inline std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Distributions built on mt19937_64 alone, so that a seed gives the same corpus everywhere.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }  // [0, 1)
  std::uint64_t below(std::uint64_t n) { return engine_() % n; }                 // bias < n / 2^64
  bool chance(double p) { return uniform() < p; }
  double normal() {  // Box-Muller; one value per call keeps the stream simple
    const double u1 = 1.0 - uniform();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }

 private:
  std::mt19937_64 engine_;
};

// Walker/Vose alias table over integer weights: O(1) sampling with two draws.
class AliasTable {
 public:
  AliasTable() = default;
  explicit AliasTable(const std::vector<std::uint64_t>& weights) {
    const std::uint64_t n = weights.size();
    std::uint64_t total = 0;
    for (const std::uint64_t w : weights) {
      total += w;
    }
    total_ = total;
    threshold_.assign(n, total);
    alias_.resize(n);
    std::vector<std::uint64_t> scaled(n);
    std::vector<std::uint32_t> small;
    std::vector<std::uint32_t> large;
    for (std::uint64_t i = 0; i < n; ++i) {
      scaled[i] = weights[i] * n;  // average bucket = total
      alias_[i] = static_cast<std::uint32_t>(i);
      (scaled[i] < total ? small : large).push_back(static_cast<std::uint32_t>(i));
    }
    while (!small.empty() && !large.empty()) {
      const std::uint32_t s = small.back();
      small.pop_back();
      const std::uint32_t l = large.back();
      threshold_[s] = scaled[s];
      alias_[s] = l;
      scaled[l] -= total - scaled[s];
      if (scaled[l] < total) {
        large.pop_back();
        small.push_back(l);
      }
    }
  }

  std::uint32_t sample(Rng& rng) const {
    const auto i = static_cast<std::uint32_t>(rng.below(alias_.size()));
    return rng.below(total_) < threshold_[i] ? i : alias_[i];
  }

 private:
  std::uint64_t total_ = 1;
  std::vector<std::uint64_t> threshold_;
  std::vector<std::uint32_t> alias_;
};

// Words, "." and "," learned from the source, then the tables that sample them.
class Model {
 public:
  static constexpr std::uint32_t kNone = UINT32_MAX;

  void learn_text(std::string_view text);
  void learn_folder(const std::filesystem::path& root);
  void finish();  // orders words by frequency and builds the samplers

  std::uint32_t next(std::uint32_t prev, Rng& rng) const {
    if (prev != kNone && begin_[prev] != begin_[prev + 1] && rng.chance(kBigramShare)) {
      const std::uint32_t b = begin_[prev];
      const std::uint32_t e = begin_[prev + 1];
      const std::uint64_t y = rng.below(cumulative_[e - 1]);
      return next_[std::upper_bound(cumulative_.begin() + b, cumulative_.begin() + e, y) -
                   cumulative_.begin()];
    }
    return unigram_.sample(rng);
  }

  const std::string& word(std::uint32_t id) const { return surface_[id]; }
  std::uint32_t period() const { return period_; }
  std::uint32_t comma() const { return comma_; }
  bool is_punctuation(std::uint32_t id) const { return id == period_ || id == comma_; }
  std::size_t vocabulary() const { return surface_.size(); }
  std::uint64_t tokens() const { return tokens_; }
  std::size_t files() const { return files_; }

 private:
  struct Entry {
    std::uint64_t count = 0;
    std::uint64_t capitalised = 0;  // inside a sentence, with an upper-case letter ("5G", "BBC")
    std::uint64_t lower = 0;        // inside a sentence, all lower case
    std::string capital_form;
  };

  std::uint32_t intern(const std::string& key);
  void add(std::uint32_t id);

  // learning
  std::unordered_map<std::string, std::uint32_t> ids_;
  std::vector<std::string> keys_;
  std::vector<Entry> entries_;
  std::unordered_map<std::uint64_t, std::uint64_t> pairs_;
  std::uint32_t prev_ = kNone;
  std::uint64_t tokens_ = 0;
  std::size_t files_ = 0;
  // sampling (after finish(), ids are ranks: 0 = most frequent)
  std::vector<std::string> surface_;
  AliasTable unigram_;
  std::vector<std::uint32_t> begin_;
  std::vector<std::uint32_t> next_;
  std::vector<std::uint64_t> cumulative_;
  std::uint32_t period_ = kNone;
  std::uint32_t comma_ = kNone;
};

}  // namespace gen_corpus
