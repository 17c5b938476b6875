// The mail reader (.eml: one message; .mbox: a mailbox of many), through GMime.
#pragma once

#include <string_view>
#include <vector>

#include "readers/keyed_article.h"

namespace folio {

/// The messages of `bytes`: one (`mbox` false: an .eml file) or every message of an mbox
/// mailbox. For each: Subject -> title, From (the name, else the address) -> author, Date ->
/// date, the first text/plain part that is not an attachment (else the first text/html part,
/// read as the HTML reader reads a page) -> body; quoted-printable, base64, encoded words and
/// charsets decoded; Content-Language of that part, else of the message -> language. The key is the
/// Message-ID, else "message-N" (N from 1). Broken MIME is read as far as it goes; a message with
/// neither subject nor text is left out. Never throws on bad content. Thread-safe.
std::vector<KeyedArticle> parse_mail(std::string_view bytes, bool mbox);

}  // namespace folio
