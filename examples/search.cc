// The smallest program that searches a Folio index from C++: the embedding API in use.
//
//   folio-example-search DB QUERY...
//
// Prints the ten best articles for QUERY, each with its score, title and best passage
// (matched words in [brackets]). Build it as part of Folio (target folio-example-search), or
// in your own CMake project with find_package(folio CONFIG) (an installed Folio) or
// add_subdirectory (Folio as a subproject), linking folio::folio.
#include <iostream>
#include <string>

#include "folio/error.h"
#include "folio/searcher.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: folio-example-search DB QUERY...\n";
    return 2;
  }
  folio::SearchRequest request;
  for (int i = 2; i < argc; ++i) {
    request.query += std::string(i > 2 ? " " : "") + argv[i];
  }
  request.limit = 10;
  request.snippets = 1;
  try {
    folio::Searcher searcher(argv[1]);  // throws folio::IndexError if DB is not an index
    const folio::SearchResults results = searcher.search(request);
    if (!results.suggestion.empty()) {
      std::cout << "Did you mean: " << results.suggestion << "?\n";
    }
    for (const folio::Hit& hit : results.hits) {
      std::cout << hit.rank << ". [" << hit.score << "] " << hit.article.title << " ("
                << hit.article.id << ")\n   ";
      for (const folio::Snippet& passage : hit.snippets) {
        for (const folio::Fragment& f : passage) {
          std::cout << (f.highlight ? "[" + f.text + "]" : f.text);
        }
      }
      std::cout << '\n';
    }
    std::cout << results.total << " matching articles\n";
    return 0;
  } catch (const folio::Error& e) {
    std::cerr << "folio-example-search: " << e.what() << '\n';
    return 1;
  }
}
