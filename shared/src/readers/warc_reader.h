// The WARC reader (.warc, .warc.gz): web archives of WARC/1.0 and WARC/1.1, one article a
// captured HTML or text page.
#pragma once

#include <string_view>

#include "readers/extraction.h"

namespace folio {

/// The pages of a WARC file in `bytes` (the file as it is: plain, or a series of gzip members,
/// which are inflated as the records are read, so that memory stays near one record).
///
/// Each `response` record holding an HTTP response with status 200, and each `resource`
/// record (but a crawler's own, of a "metadata:" URI), whose content is HTML (text/html,
/// application/xhtml+xml) or text/plain gives an article: the HTTP body de-chunked and inflated
/// (Content-Encoding gzip or deflate), decoded to UTF-8 in the charset the HTTP header names, else
/// the page's <meta>, else the one detected, and read by parse_html() or parse_text(). The url and
/// the key are the WARC-Target-URI (the WARC-Record-ID when there is none); a URI captured twice
/// keeps its later capture. The date is the page's own, else the WARC-Date's day. Other records
/// (warcinfo, request, metadata, revisit, conversion, continuation), other statuses and other types
/// are passed over.
///
/// Lenient: LF-only line ends, folded header lines, junk between records (read on from the
/// next "WARC/" line), and records of other WARC versions (passed over) are borne. A record cut
/// short is dropped; a corrupt gzip stream keeps the records before it. Either is told in
/// skip_detail. With no articles, skip_reason is "zip bomb" (the gzip stream, or an HTTP body,
/// unpacks past `limits`: then the whole file is refused), "corrupt archive" (not a WARC file,
/// or a gzip stream broken before any page) or "no text". Never throws on bad content; every
/// field is valid UTF-8. Thread-safe.
Extraction parse_warc(std::string_view bytes, const UnpackLimits& limits);

}  // namespace folio
