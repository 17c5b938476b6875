// The web page that `folio-search serve` shows, built into the binary (searcher/web/).
#pragma once

#include <span>
#include <string_view>

namespace folio::cli {

struct WebAsset {
  std::string_view path;          ///< "/index.html", "/app.js", ...
  std::string_view content_type;  ///< with charset for text
  std::string_view body;
};

/// Every file of searcher/web/, as generated at build time by cmake/embed_assets.cmake.
std::span<const WebAsset> web_assets();

}  // namespace folio::cli
