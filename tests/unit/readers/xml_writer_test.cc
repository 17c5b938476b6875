// Tests of XmlWriter: escaping, characters XML does not allow, ill-formed UTF-8, nesting.
#include "folio/xml_writer.h"

#include <string>

#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

namespace folio {
namespace {

// Parses `xml` strictly (no recovery); null when it is not well-formed.
xmlDocPtr parse(const std::string& xml) {
  return xmlReadMemory(xml.data(), static_cast<int>(xml.size()), nullptr, nullptr,
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

std::string text_of(xmlNodePtr node) {
  xmlChar* content = xmlNodeGetContent(node);
  std::string out = content != nullptr ? reinterpret_cast<const char*>(content) : "";
  xmlFree(content);
  return out;
}

std::string attribute_of(xmlNodePtr node, const char* name) {
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  std::string out = value != nullptr ? reinterpret_cast<const char*>(value) : "";
  xmlFree(value);
  return out;
}

TEST(XmlWriterTest, EscapesTextAndAttributesSoTheyReadBackUnchanged) {
  const std::string special = "a <b> & \"c\" 'd' ]]> \u00e9\u4e2d\U0001F600\ttab\nline";
  XmlWriter w;
  w.start("root").attribute("xmlns", "urn:example").attribute("v", special);
  w.element("t", special).end();
  const std::string xml = w.finish();
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 0), 0U) << xml;
  xmlDocPtr doc = parse(xml);
  ASSERT_NE(doc, nullptr) << xml;
  xmlNodePtr root = xmlDocGetRootElement(doc);
  EXPECT_STREQ(reinterpret_cast<const char*>(root->name), "root");
  ASSERT_NE(root->ns, nullptr);
  EXPECT_STREQ(reinterpret_cast<const char*>(root->ns->href), "urn:example");
  EXPECT_EQ(attribute_of(root, "v"), special);
  xmlNodePtr t = xmlFirstElementChild(root);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(text_of(t), special);
  xmlFreeDoc(doc);
}

TEST(XmlWriterTest, LeavesOutCharactersXmlDoesNotAllowAndRepairsUtf8) {
  const struct {
    std::string input, expected;
  } cases[] = {
      {"plain", "plain"},
      {std::string("nul\0here", 8), "nulhere"},
      {"bell\x07 esc\x1b vt\x0b ff\x0c", "bell esc vt ff"},
      {"keeps\ttab\nnewline\rreturn", "keeps\ttab\nnewline\rreturn"},
      {"\xef\xbf\xbe\xef\xbf\xbf", ""},                          // U+FFFE, U+FFFF
      {"\xef\xbf\xbd", "\xef\xbf\xbd"},                          // U+FFFD stays
      {"bad \xff byte", "bad \xef\xbf\xbd byte"},                // ill-formed: U+FFFD
      {"\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},  // a surrogate, byte by byte
  };
  for (const auto& c : cases) {
    EXPECT_EQ(xml_text(c.input), c.expected) << c.input;
    XmlWriter w(false);
    w.start("r").attribute("a", c.input).text(c.input).end();
    const std::string xml = w.finish();
    xmlDocPtr doc = parse(xml);
    ASSERT_NE(doc, nullptr) << c.input << " gave " << xml;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    // Tab, newline and return in an attribute are written as character references, so that
    // attribute-value normalisation (XML 1.0 3.3.3) does not turn them into spaces.
    EXPECT_EQ(attribute_of(root, "a"), c.expected) << c.input;
    EXPECT_EQ(text_of(root), c.expected) << c.input;
    xmlFreeDoc(doc);
  }
}

TEST(XmlWriterTest, FinishClosesOpenElements) {
  XmlWriter w(false);
  w.start("a").start("b").text("x");
  xmlDocPtr doc = parse(w.finish());
  ASSERT_NE(doc, nullptr);
  EXPECT_EQ(text_of(xmlDocGetRootElement(doc)), "x");
  xmlFreeDoc(doc);
}

}  // namespace
}  // namespace folio
