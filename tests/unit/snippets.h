// Reading snippets in tests: highlights in [brackets].
#pragma once

#include <string>

#include "folio/snippet.h"

namespace folio::testing {

/// The snippet as text with each highlight in brackets: "[Huawei] said".
inline std::string plain(const Snippet& s) {
  std::string out;
  for (const auto& f : s) {
    out += f.highlight ? "[" + f.text + "]" : f.text;
  }
  return out;
}

}  // namespace folio::testing
