// The EPUB reader (EPUB 2 and 3): a book's metadata and its spine's chapters as one article.
#pragma once

#include <string>
#include <string_view>

#include "readers/extraction.h"

namespace folio {

/// An .epub file's bytes -> one article (empty key). META-INF/container.xml names the package
/// (OPF) file; its metadata gives the title (dc:title), the author (the dc:creators that are
/// authors or say no role, joined by ", "), the date (dc:date, the publication one when several)
/// and the language (dc:language, as a BCP 47 tag). The body is the spine's chapters in spine
/// order, each (X)HTML item read by parse_html(), separated by "\n\n"; other media types in the
/// spine and items missing from the zip are passed over. Without a dc:title, the title is the
/// first chapter's. Skips: the zip's errors ("corrupt archive", "encrypted archive", "zip
/// bomb"), "corrupt EPUB" (no container, or the OPF it names is missing or not XML),
/// "encrypted EPUB" (META-INF/encryption.xml lists a spine item: DRM; obfuscated fonts alone
/// are fine), "no text". Never throws on bad content. Thread-safe.
Extraction parse_epub(std::string_view bytes, const UnpackLimits& limits);

/// `href` (a URL relative to the folder `base`, "" for the zip's root, else ending in '/')
/// -> the zip entry name it points to: fragment dropped, percent-decoded, "." and ".."
/// resolved lexically (never above the root). Empty for an absolute URL ("http:...").
std::string epub_entry_name(std::string_view base, std::string_view href);

}  // namespace folio
