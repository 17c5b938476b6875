// An article of a file that holds several (a feed's item, a mailbox's message), with the key
// that makes its id "PATH#KEY".
#pragma once

#include <string>

#include "folio/article.h"

namespace folio {

struct KeyedArticle {
  Article article;  ///< its fields but id, path and category, which the dispatch sets
  std::string key;  ///< unique and stable within the file (a guid, a Message-ID, a position)
};

}  // namespace folio
