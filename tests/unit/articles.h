// Building Article values for tests that index a few hand-written articles.
#pragma once

#include <string>
#include <utility>

#include "folio/article.h"

namespace folio::testing {

/// An article with these fields; its path is "/articles/" + id.
inline Article make_article(std::string id, std::string title, std::string body,
                            std::string date = "", std::string author = "",
                            std::string category = "") {
  Article a;
  a.id = std::move(id);
  a.path = "/articles/" + a.id;
  a.title = std::move(title);
  a.body = std::move(body);
  a.date = std::move(date);
  a.author = std::move(author);
  a.category = std::move(category);
  return a;
}

}  // namespace folio::testing
