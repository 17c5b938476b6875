// Tests of the mail reader: messages and mailboxes, MIME decoded, broken MIME read.
#include "readers/mail_reader.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "folio/reader.h"

#include "reader_checks.h"
#include "temp_dir.h"

namespace folio {
namespace {

using testing::expect_clean;

// Latin-1 in a quoted-printable body, an encoded-word subject, a plain part beside an HTML one.
constexpr const char* kMessage =
    "From: =?ISO-8859-1?Q?Ren=E9e_Dupont?= <renee@example.fr>\r\n"
    "To: desk@example.com\r\n"
    "Subject: =?UTF-8?B?Q2Fmw6kgcHJpY2VzIHJpc2U=?=\r\n"
    "Date: Tue, 14 Jan 2020 10:22:00 +0100\r\n"
    "Message-ID: <1234@example.fr>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/alternative; boundary=\"b1\"\r\n"
    "\r\n"
    "--b1\r\n"
    "Content-Type: text/plain; charset=ISO-8859-1\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "Le caf=E9 du coin augmente ses prix.\r\n"
    "\r\n"
    "Deuxi=E8me paragraphe.\r\n"
    "--b1\r\n"
    "Content-Type: text/html; charset=UTF-8\r\n"
    "\r\n"
    "<p>HTML version, not this one.</p>\r\n"
    "--b1--\r\n";

TEST(MailReaderTest, AMessageIsDecodedIntoAnArticle) {
  const std::vector<KeyedArticle> got = parse_mail(kMessage, false);
  ASSERT_EQ(got.size(), 1U);
  const Article& a = got[0].article;
  EXPECT_EQ(got[0].key, "1234@example.fr");
  EXPECT_EQ(a.title, "Caf\xC3\xA9 prices rise");
  EXPECT_EQ(a.author,
            "Ren\xC3\xA9"
            "e Dupont");
  EXPECT_EQ(a.date, "2020-01-14");
  EXPECT_EQ(a.body, "Le caf\xC3\xA9 du coin augmente ses prix.\n\nDeuxi\xC3\xA8me paragraphe.")
      << "the plain part, quoted-printable and Latin-1 decoded";
  expect_clean(a, "message");
}

TEST(MailReaderTest, AnHtmlOnlyOrBase64MessageGivesItsText) {
  const std::vector<KeyedArticle> html = parse_mail(
      "From: news@example.com\nSubject: Weekly\nContent-Type: text/html; charset=utf-8\n\n"
      "<html><body><h1>Weekly</h1><p>Storms &amp; floods.</p><script>x()</script></body></html>\n",
      false);
  ASSERT_EQ(html.size(), 1U);
  EXPECT_EQ(html[0].article.body, "Weekly\n\nStorms & floods.");
  EXPECT_EQ(html[0].article.author, "news@example.com") << "no name: the address";
  EXPECT_EQ(html[0].key, "message-1");
  const std::vector<KeyedArticle> b64 = parse_mail(
      "Subject: Encoded\nContent-Type: text/plain; charset=utf-8\n"
      "Content-Transfer-Encoding: base64\n\nSGVsbG8sIHfDtnJsZC4K\n",
      false);
  ASSERT_EQ(b64.size(), 1U);
  EXPECT_EQ(b64[0].article.body, "Hello, w\xC3\xB6rld.");
}

TEST(MailReaderTest, ContentLanguageOfTheMessageGivesItsFirstTag) {
  const std::vector<KeyedArticle> got = parse_mail(
      "Subject: Hallo\nContent-Language: de-AT, en\nContent-Type: text/plain\n\nGuten Tag.\n",
      false);
  ASSERT_EQ(got.size(), 1U);
  EXPECT_EQ(got[0].article.language, "de-AT");
}

TEST(MailReaderTest, ContentLanguageOfTheTextPartWinsOverTheMessages) {
  const std::vector<KeyedArticle> got = parse_mail(
      "Subject: Two\nContent-Language: en\nMIME-Version: 1.0\n"
      "Content-Type: multipart/mixed; boundary=\"b\"\n\n"
      "--b\nContent-Type: text/plain\nContent-Language: da\n\nGod dag.\n--b--\n",
      false);
  ASSERT_EQ(got.size(), 1U);
  EXPECT_EQ(got[0].article.language, "da");
}

TEST(MailReaderTest, AMessageWithoutContentLanguageGivesNone) {
  const std::vector<KeyedArticle> got = parse_mail(kMessage, false);
  ASSERT_EQ(got.size(), 1U);
  EXPECT_EQ(got[0].article.language, "");
}

TEST(MailReaderTest, AMailboxGivesEachMessage) {
  const std::string mbox =
      "From alice@example.com Mon Jan 13 09:00:00 2020\n"
      "From: Alice <alice@example.com>\nSubject: First\nMessage-ID: <a@x>\n"
      "Date: Mon, 13 Jan 2020 09:00:00 +0000\n\nThe first message.\n>From the middle of a line.\n\n"
      "From bob@example.com Tue Jan 14 09:00:00 2020\n"
      "From: Bob <bob@example.com>\nSubject: Second\n\nThe second message.\n\n"
      "From carol@example.com Wed Jan 15 09:00:00 2020\n"
      "From: Carol <carol@example.com>\nSubject: Third\nMessage-ID: <c@x>\n\nThe third.\n";
  const std::vector<KeyedArticle> got = parse_mail(mbox, true);
  ASSERT_EQ(got.size(), 3U);
  EXPECT_EQ(got[0].key, "a@x");
  EXPECT_EQ(got[0].article.author, "Alice");
  EXPECT_EQ(got[0].article.date, "2020-01-13");
  EXPECT_EQ(got[1].key, "message-2");
  EXPECT_EQ(got[1].article.title, "Second");
  EXPECT_EQ(got[2].article.body, "The third.");
}

TEST(MailReaderTest, BrokenMimeIsReadAsFarAsItGoes) {
  // No closing boundary, a part with an unknown charset, junk headers.
  const std::vector<KeyedArticle> got = parse_mail(
      "Subject: Broken\nContent-Type: multipart/mixed; boundary=zz\nX-Junk: \x01\x02\n\n"
      "--zz\nContent-Type: text/plain; charset=x-no-such-charset\n\nStill readable text.\n"
      "--zz\nContent-Type: application/octet-stream\n\n\x00\x01\x02",
      false);
  ASSERT_EQ(got.size(), 1U);
  EXPECT_EQ(got[0].article.title, "Broken");
  EXPECT_EQ(got[0].article.body, "Still readable text.");
  EXPECT_TRUE(parse_mail("", false).empty());
  EXPECT_TRUE(parse_mail("", true).empty());
  EXPECT_TRUE(parse_mail("\x00\x01 not mail at all", true).empty());
}

TEST(MailReaderTest, ReadFileGivesEachMessageTheIdPathHashMessageId) {
  testing::TempDir dir;
  const auto eml = dir.write("mail/one.eml", kMessage);
  std::vector<Article> got;
  const ReadResult r = read_file(eml, dir.path(), [&](Article&& a) { got.push_back(a); });
  ASSERT_EQ(r.articles, 1U);
  EXPECT_EQ(got[0].id, "mail/one.eml#1234@example.fr");
  EXPECT_EQ(got[0].category, "mail");
  EXPECT_EQ(file_kind("box.mbox"), FileKind::kMailbox);
  EXPECT_EQ(file_kind("a.EML"), FileKind::kMail);
}

}  // namespace
}  // namespace folio
