// The WARC reader (.warc, .warc.gz): web archives of WARC/1.0 and WARC/1.1, one article a
// captured HTML or text page.
#pragma once

#include <string_view>

#include "readers/extraction.h"

namespace folio {

/// The pages of a WARC file in `bytes` (the file as it is: plain, or a series of gzip members,
/// inflated as the records are read; a record that is no page is judged from its start and
/// passed over unread, so memory stays near one page).
///
/// Each `response` record holding an HTTP response with status 200, and each `resource`
/// record (but a crawler's own, of a "metadata:" URI), whose content is HTML (text/html,
/// application/xhtml+xml) or text/plain gives an article: the HTTP body de-chunked and inflated
/// (Content-Encoding gzip or deflate), decoded to UTF-8 in the charset the HTTP header names,
/// else the page's <meta>, else the one detected, and read by parse_html() or parse_text(). The
/// url and the key are the WARC-Target-URI (the WARC-Record-ID when there is none); a URI
/// captured twice keeps its later capture. The date is the page's own, else the WARC-Date's
/// day; the language the page's own, else the HTTP Content-Language's. Other records (warcinfo,
/// request, metadata, revisit, conversion, continuation), other statuses and other types are passed
/// over.
///
/// Lenient: LF-only line ends, folded header lines, junk between records (read on from the
/// next "WARC/" line), and records of other WARC versions (passed over) are borne. A record cut
/// short or without a valid Content-Length is dropped, and a plain file is read on after its
/// header; a corrupt or cut gzip stream keeps the records before it. Such things are told in
/// skip_detail. With no articles, skip_reason is "zip bomb" (the gzip stream, or an HTTP body,
/// unpacked past `limits`: then the whole file is refused), "corrupt archive" (not a WARC file,
/// or a broken one: detail says what was found) or "no text" (detail counts the records by
/// kind). Never throws on bad content; every field and skip_detail are valid UTF-8.
/// Thread-safe.
Extraction parse_warc(std::string_view bytes, const UnpackLimits& limits);

}  // namespace folio
