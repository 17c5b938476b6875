// Article languages: the index's setting, declared before detected, analysers by language.
#include "text/article_language.h"

#include "folio/error.h"

#include "text/detect.h"
#include "text/languages.h"

namespace folio::text {

LanguageSetting LanguageSetting::parse(std::string_view setting) {
  LanguageSetting s;
  if (setting == "auto" || setting.empty()) {
    return s;
  }
  s.detect = false;
  if (setting == "none") {
    s.code.clear();
    return s;
  }
  const Language* l = find_language(setting);
  if (l == nullptr) {
    throw ConfigError("unknown language '" + std::string(setting) +
                      "' (use auto, none, or a language's code or name, e.g. de or german)");
  }
  s.code = l->code;
  return s;
}

std::string LanguageSetting::canonical() const {
  if (detect) {
    return "auto";
  }
  return code.empty() ? "none" : code;
}

std::string article_language(const Article& a, const LanguageSetting& setting) {
  if (!setting.detect) {
    return setting.code;
  }
  if (const Language* declared = find_language(a.language)) {
    return std::string(declared->code);
  }
  std::string detected = detect_language(a.title, a.body, setting.code);
  return detected.empty() ? setting.code : detected;
}

std::string_view stemmer_for(std::string_view code) {
  const Language* l = code.empty() ? nullptr : find_language(code);
  return l == nullptr ? std::string_view("none") : l->stemmer;
}

Analyzer& Analyzers::by_stemmer(std::string_view stemmer) {
  auto it = analyzers_.find(stemmer);
  if (it == analyzers_.end()) {
    it = analyzers_.emplace(std::string(stemmer), std::make_unique<Analyzer>(stemmer)).first;
  }
  return *it->second;
}

}  // namespace folio::text
