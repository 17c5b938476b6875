// The stop lists of data/stopwords/, embedded in the library at build time (see
// shared/CMakeLists.txt: cmake/embed_stopwords.cmake writes stopword_data.cc from the files).
#pragma once

#include <span>
#include <string_view>

namespace folio::text {

/// One data/stopwords/<stemmer>.txt, byte for byte as committed.
struct StopwordFile {
  std::string_view stemmer;  ///< "german": the file's name less ".txt"
  std::string_view text;     ///< the file's UTF-8 text, comments and all
};

/// Every embedded stop list, in the order shared/CMakeLists.txt names them. Static data.
std::span<const StopwordFile> stopword_files();

}  // namespace folio::text
