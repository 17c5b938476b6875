// XmlWriter over libxml2's xmlTextWriter. It lives in readers/ with the XML parser (xml_tree)
// because libxml2 stays in this stage (docs/architecture.md); it writes, it reads no file.
#include "folio/xml_writer.h"

#include <cassert>
#include <stdexcept>

#include <libxml/parser.h>
#include <libxml/xmlwriter.h>

#include "text/utf8.h"

namespace folio {
namespace {

// XML 1.0's Char production: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] |
// [#x10000-#x10FFFF] (utf8_next never gives a surrogate).
bool xml_char(char32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xFFFD && c != 0xFFFE) ||
         c >= 0x10000;
}

const xmlChar* x(const std::string& s) { return reinterpret_cast<const xmlChar*>(s.c_str()); }

void check(int rc, const char* what) {
  if (rc < 0) {  // only when memory runs out, or on a misuse the assertions did not catch
    throw std::runtime_error(std::string("writing XML failed: ") + what);
  }
}

}  // namespace

std::string xml_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = 0;
    const std::size_t n = text::utf8_next(s, i, c);
    if (n == 0) {
      text::append_utf8(out, 0xFFFD);
      ++i;
      continue;
    }
    if (xml_char(c)) {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

class XmlWriter::Impl {
 public:
  explicit Impl(bool indent) {
    xmlInitParser();  // once per process; safe to call again
    buffer_ = xmlBufferCreate();
    writer_ = buffer_ != nullptr ? xmlNewTextWriterMemory(buffer_, 0) : nullptr;
    if (writer_ == nullptr) {
      xmlBufferFree(buffer_);
      throw std::bad_alloc();
    }
    if (indent) {
      check(xmlTextWriterSetIndent(writer_, 1), "indent");
      check(xmlTextWriterSetIndentString(writer_, reinterpret_cast<const xmlChar*>("  ")),
            "indent");
    }
    check(xmlTextWriterStartDocument(writer_, "1.0", "UTF-8", nullptr), "the declaration");
  }
  ~Impl() {
    if (writer_ != nullptr) {
      xmlFreeTextWriter(writer_);
    }
    xmlBufferFree(buffer_);
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  void start(std::string_view name) {
    assert(!done_);
    check(xmlTextWriterStartElement(writer_, x(std::string(name))), "an element");
    ++depth_;
  }
  void attribute(std::string_view name, std::string_view value) {
    assert(!done_ && depth_ > 0);
    check(xmlTextWriterWriteAttribute(writer_, x(std::string(name)), x(xml_text(value))),
          "an attribute");
  }
  void text(std::string_view s) {
    assert(!done_ && depth_ > 0);
    check(xmlTextWriterWriteString(writer_, x(xml_text(s))), "text");
  }
  void end() {
    assert(!done_ && depth_ > 0);
    check(xmlTextWriterEndElement(writer_), "an end tag");
    --depth_;
  }
  std::string finish() {
    assert(!done_);
    done_ = true;
    check(xmlTextWriterEndDocument(writer_), "the end");  // closes what is open
    xmlFreeTextWriter(writer_);                           // flushes into buffer_
    writer_ = nullptr;
    return {reinterpret_cast<const char*>(xmlBufferContent(buffer_)),
            static_cast<std::size_t>(xmlBufferLength(buffer_))};
  }

 private:
  xmlBufferPtr buffer_ = nullptr;
  xmlTextWriterPtr writer_ = nullptr;
  int depth_ = 0;
  bool done_ = false;
};

XmlWriter::XmlWriter(bool indent) : impl_(std::make_unique<Impl>(indent)) {}
XmlWriter::~XmlWriter() = default;

XmlWriter& XmlWriter::start(std::string_view name) {
  impl_->start(name);
  return *this;
}
XmlWriter& XmlWriter::attribute(std::string_view name, std::string_view value) {
  impl_->attribute(name, value);
  return *this;
}
XmlWriter& XmlWriter::text(std::string_view text) {
  impl_->text(text);
  return *this;
}
XmlWriter& XmlWriter::end() {
  impl_->end();
  return *this;
}
std::string XmlWriter::finish() { return impl_->finish(); }

}  // namespace folio
