// The mail reader: messages and mailboxes through GMime.
#include "readers/mail_reader.h"

#include <memory>
#include <mutex>

#include <gmime/gmime.h>

#include "readers/html_reader.h"
#include "text/clean.h"
#include "text/date.h"

namespace folio {
namespace {

// GMime is initialised once, before any thread uses it.
void init_gmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

// Unrefs a GObject when it goes.
template <class T>
struct Unref {
  void operator()(T* p) const {
    if (p != nullptr) {
      g_object_unref(p);
    }
  }
};
template <class T>
using GPtr = std::unique_ptr<T, Unref<T>>;

std::string or_empty(const char* s) { return s == nullptr ? std::string() : std::string(s); }

// The text of a text part, decoded to UTF-8.
std::string part_text(GMimeObject* part) {
  char* text = g_mime_text_part_get_text(GMIME_TEXT_PART(part));
  std::string out = or_empty(text);
  g_free(text);
  return out;
}

// The part the body comes from: the first text/plain part that is not an attachment, else
// the first text/html part; null when there is none.
GMimeObject* body_part(GMimeMessage* message) {
  GMimeObject* plain = nullptr;
  GMimeObject* html = nullptr;
  GMimePartIter* it = g_mime_part_iter_new(GMIME_OBJECT(message));
  do {
    GMimeObject* part = g_mime_part_iter_get_current(it);
    if (part == nullptr || !GMIME_IS_TEXT_PART(part) ||
        g_mime_part_is_attachment(GMIME_PART(part))) {
      continue;
    }
    GMimeContentType* type = g_mime_object_get_content_type(part);
    if (plain == nullptr && g_mime_content_type_is_type(type, "text", "plain")) {
      plain = part;
    } else if (html == nullptr && g_mime_content_type_is_type(type, "text", "html")) {
      html = part;
    }
  } while (plain == nullptr && g_mime_part_iter_next(it));
  // A message of one part has no iterator step: its own body.
  GMimeObject* top = g_mime_message_get_mime_part(message);
  if (plain == nullptr && html == nullptr && top != nullptr && GMIME_IS_TEXT_PART(top)) {
    GMimeContentType* type = g_mime_object_get_content_type(top);
    (g_mime_content_type_is_type(type, "text", "html") ? html : plain) = top;
  }
  g_mime_part_iter_free(it);
  return plain != nullptr ? plain : html;
}

// The body part's text; HTML as its visible text.
std::string body_of(GMimeObject* part) {
  if (part == nullptr) {
    return {};
  }
  if (g_mime_content_type_is_type(g_mime_object_get_content_type(part), "text", "html")) {
    return parse_html(part_text(part)).body;
  }
  return text::clean_body(part_text(part));
}

// The Content-Language of the body part, else of the message (RFC 3282: a list, the first
// tag taken).
std::string language_of(GMimeMessage* message, GMimeObject* part) {
  const char* header =
      part == nullptr ? nullptr : g_mime_object_get_header(part, "Content-Language");
  std::string tag = text::language_tag(or_empty(header));
  if (tag.empty()) {
    tag = text::language_tag(
        or_empty(g_mime_object_get_header(GMIME_OBJECT(message), "Content-Language")));
  }
  return tag;
}

std::string author_of(GMimeMessage* message) {
  InternetAddressList* from = g_mime_message_get_from(message);
  if (from == nullptr || internet_address_list_length(from) == 0) {
    return {};
  }
  InternetAddress* first = internet_address_list_get_address(from, 0);
  std::string name = or_empty(internet_address_get_name(first));
  if (name.empty() && INTERNET_ADDRESS_IS_MAILBOX(first)) {
    name = or_empty(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(first)));
  }
  return text::clean_inline(name);
}

std::string date_of(GMimeMessage* message) {
  GDateTime* date = g_mime_message_get_date(message);
  if (date == nullptr) {
    return {};
  }
  text::Ymd d;
  g_date_time_get_ymd(date, &d.year, &d.month, &d.day);
  return d.year >= 1000 && d.year <= 2999 ? text::format_ymd(d) : std::string();
}

KeyedArticle read_message(GMimeMessage* message, std::size_t position) {
  KeyedArticle out;
  Article& a = out.article;
  a.title = text::clean_inline(or_empty(g_mime_message_get_subject(message)));
  a.author = author_of(message);
  a.date = date_of(message);
  GMimeObject* part = body_part(message);
  a.body = body_of(part);
  a.language = language_of(message, part);
  out.key = text::clean_key(or_empty(g_mime_message_get_message_id(message)));
  if (out.key.empty()) {
    out.key = "message-" + std::to_string(position);
  }
  return out;
}

}  // namespace

std::vector<KeyedArticle> parse_mail(std::string_view bytes, bool mbox) {
  init_gmime();
  std::vector<KeyedArticle> out;
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  g_mime_parser_set_format(parser.get(), mbox ? GMIME_FORMAT_MBOX : GMIME_FORMAT_MESSAGE);
  std::size_t position = 0;
  while (!g_mime_parser_eos(parser.get())) {
    GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), nullptr));
    if (!message) {
      break;
    }
    KeyedArticle item = read_message(message.get(), ++position);
    if (!item.article.title.empty() || !item.article.body.empty()) {
      out.push_back(std::move(item));
    }
    if (!mbox) {
      break;
    }
  }
  return out;
}

}  // namespace folio
