// Which language each article is analysed in, and the analysers of one thread by language.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "folio/analyzer.h"
#include "folio/article.h"

namespace folio::text {

/// How an index gives its articles a language: each its own (declared, else detected), or one
/// for all. What the index records (schema::kMetaLanguage) is canonical().
struct LanguageSetting {
  bool detect = true;  ///< each article its own language; else `code` for all
  /// Detecting: the language of articles that neither declare one nor say clearly enough (the
  /// index's default). Fixed: every article's ISO 639-1 code, or "" for "none" (no stemming,
  /// no language recorded).
  std::string code = "en";

  /// "auto" (detect, English by default), "none", or one language by code, tag or name ("de",
  /// "german", "pt-BR"). Throws ConfigError naming `setting` when it is none of these.
  static LanguageSetting parse(std::string_view setting);

  /// What the index records: "auto", "none" or the fixed language's code.
  std::string canonical() const;
};

/// The ISO 639-1 code `a` is analysed and filtered by: the fixed one; else the language the
/// source declares (Article::language, when it names a known language); else the detected
/// one; else the setting's default.
std::string article_language(const Article& a, const LanguageSetting& setting);

/// The Snowball stemmer of a language code ("de" -> "german"); "none" for a language without
/// one, an unknown code or "".
std::string_view stemmer_for(std::string_view code);

/// The analysers of one thread, one per stemmer, each made when first asked for (an Analyzer
/// is not thread-safe, and making one costs an ICU word breaker).
class Analyzers {
 public:
  /// The analyser of stemmer `stemmer` ("german", "none").
  Analyzer& by_stemmer(std::string_view stemmer);
  /// The analyser of language `code` (stemmer_for(code)).
  Analyzer& by_code(std::string_view code) { return by_stemmer(stemmer_for(code)); }

 private:
  std::map<std::string, std::unique_ptr<Analyzer>, std::less<>> analyzers_;
};

}  // namespace folio::text
