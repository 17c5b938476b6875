// The WARC reader: records of WARC/1.0 and 1.1, plain or in gzip members inflated with zlib as
// they are read, and the HTTP responses in them.
#include "readers/warc_reader.h"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <zlib.h>

#include "readers/html_reader.h"
#include "readers/text_reader.h"
#include "text/ascii.h"
#include "text/charset.h"
#include "text/clean.h"
#include "text/date.h"
#include "text/utf8.h"

namespace folio {
using namespace text;  // NOLINT(google-build-using-namespace): Folio's own text helpers
namespace {

constexpr std::size_t kInflateChunk = 64 << 10;   // output of one inflating step
constexpr std::size_t kMaxHeaderBytes = 1 << 20;  // of a record's header block
constexpr std::size_t kPeekBytes = 64 << 10;      // of a record, to tell whether it is a page
constexpr std::size_t kMaxPassedKinds = 16;       // told apart in skip_detail
constexpr std::uint64_t kMaxContentLength = 1ull << 62;
constexpr uInt kMaxInflateInput = 1u << 30;  // zlib counts its input in an unsigned int
constexpr std::string_view kGzipMagic = "\x1F\x8B";

// What a file unpacked, against the limits: each gzip stream (the file's, an HTTP body's) on its
// own ratio, and all of them together on `max_bytes`.
class Budget {
 public:
  explicit Budget(const UnpackLimits& limits) : limits_(limits) {}

  /// Counts `added` more bytes unpacked by a stream that has now unpacked `unpacked` from
  /// `packed`; false (and from then on exceeded()) once past the limits.
  bool charge(std::uint64_t packed, std::uint64_t unpacked, std::uint64_t added) {
    total_ += added;
    exceeded_ = exceeded_ || !limits_.allows(packed, unpacked) || total_ > limits_.max_bytes;
    return !exceeded_;
  }
  bool exceeded() const { return exceeded_; }
  std::uint64_t total() const { return total_; }

 private:
  const UnpackLimits& limits_;
  std::uint64_t total_ = 0;
  bool exceeded_ = false;
};

// The file's bytes as the records ask for them: a view of a plain file, or a window over the
// gzip members inflated so far (one member after another), which keeps memory near a record.
class Input {
 public:
  Input(std::string_view bytes, Budget& budget) : bytes_(bytes), budget_(budget) {
    gzip_ = bytes.substr(0, 2) == kGzipMagic;
    if (gzip_) {
      z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
      z_.avail_in = 0;
      if (inflateInit2(&z_, 16 + MAX_WBITS) != Z_OK) {
        done_ = true;
        corrupt_ = true;
        problem_ = "zlib could not start";
      } else {
        z_open_ = true;
      }
    }
  }
  ~Input() {
    if (z_open_) {
      inflateEnd(&z_);
    }
  }
  Input(const Input&) = delete;
  Input& operator=(const Input&) = delete;

  bool gzip() const { return gzip_; }
  /// The bytes read and not yet consumed.
  std::string_view window() const {
    return gzip_ ? std::string_view(buffer_).substr(start_) : bytes_.substr(start_);
  }
  void consume(std::size_t n) { start_ += std::min(n, window().size()); }
  /// Adds bytes to the window; false when there are no more (the end, a broken gzip stream,
  /// or the limits reached).
  bool more();
  /// Makes the window hold at least `n` bytes; false when the input ends first.
  bool hold(std::uint64_t n) {
    while (window().size() < n) {
      if (!more()) {
        return false;
      }
    }
    return true;
  }
  /// Consumes `n` bytes, inflating and dropping them as needed (a record not read keeps no
  /// memory). False when the input ends first: a plain file then consumes nothing, a gzip
  /// stream all there was.
  bool skip(std::uint64_t n) {
    if (!gzip_) {
      if (window().size() < n) {
        return false;
      }
      consume(static_cast<std::size_t>(n));
      return true;
    }
    for (;;) {
      const auto take = static_cast<std::size_t>(std::min<std::uint64_t>(n, window().size()));
      consume(take);
      n -= take;
      if (n == 0) {
        return true;
      }
      if (!more()) {
        return false;
      }
    }
  }
  /// The gzip stream is corrupt or cut short.
  bool corrupt() const { return corrupt_; }
  /// Why the gzip stream ended early, or what followed it; empty when nothing did.
  const std::string& problem() const { return problem_; }

 private:
  std::size_t packed_read() const {
    return static_cast<std::size_t>(reinterpret_cast<const char*>(z_.next_in) - bytes_.data());
  }
  void end_of_member();

  std::string_view bytes_;
  Budget& budget_;
  bool gzip_ = false;
  z_stream z_{};
  bool z_open_ = false;
  bool done_ = false;
  bool corrupt_ = false;
  std::string problem_;
  std::string buffer_;
  std::size_t start_ = 0;
  std::uint64_t unpacked_ = 0;
};

bool Input::more() {
  if (!gzip_ || done_) {
    return false;
  }
  if (start_ > 0 && start_ >= buffer_.size() / 2) {  // drop what the records are done with
    buffer_.erase(0, start_);
    start_ = 0;
  }
  const std::size_t old = buffer_.size();
  buffer_.resize(old + kInflateChunk);
  z_.next_out = reinterpret_cast<Bytef*>(buffer_.data() + old);
  z_.avail_out = static_cast<uInt>(kInflateChunk);
  while (z_.avail_out > 0 && !done_) {
    if (z_.avail_in == 0) {
      z_.avail_in =
          static_cast<uInt>(std::min<std::size_t>(bytes_.size() - packed_read(), kMaxInflateInput));
    }
    const int rc = inflate(&z_, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) {
      end_of_member();
    } else if (rc == Z_BUF_ERROR && z_.avail_in == 0) {
      done_ = true;
      corrupt_ = true;
      problem_ = "the gzip stream is cut short";
    } else if (rc != Z_OK) {
      done_ = true;
      corrupt_ = true;
      problem_ = "corrupt gzip data near byte " + std::to_string(packed_read()) + " (" +
                 (z_.msg != nullptr ? z_.msg : "zlib error " + std::to_string(rc)) + ")";
    }
  }
  const std::size_t added = kInflateChunk - z_.avail_out;
  buffer_.resize(old + added);
  unpacked_ += added;
  if (!budget_.charge(packed_read(), unpacked_, added)) {
    done_ = true;
  }
  return added > 0;
}

// A gzip member ended: the next one starts, unless the input is done. A .warc.gz is a member
// a record, and some files end in padding, which is no harm.
void Input::end_of_member() {
  const std::string_view rest = bytes_.substr(packed_read());
  if (rest.substr(0, 2) == kGzipMagic) {
    inflateReset(&z_);
    return;
  }
  done_ = true;
  if (rest.find_first_not_of(std::string_view("\0\r\n \t", 5)) != std::string_view::npos) {
    problem_ = std::to_string(rest.size()) + " bytes after the gzip data passed over";
  }
}

// A header field; the name as written.
struct Field {
  std::string name;
  std::string value;
};
using Fields = std::vector<Field>;

// The value of the first field named `name` (any case), trimmed; empty when there is none.
std::string_view field(const Fields& fields, std::string_view name) {
  for (const Field& f : fields) {
    if (iequals(f.name, name)) {
      return f.value;
    }
  }
  return {};
}

// The header lines of `s` from `pos` up to the first empty one: "Name: value" lines, a line
// starting with white space continuing the one before, lines without a colon passed over; CRLF
// or LF line ends. The offset just past the empty line, or npos when `s` ends before it. With
// `next_record`, a line starting "WARC/" ends the fields unfinished: npos, and its offset there.
std::size_t read_fields(std::string_view s, std::size_t pos, Fields& out,
                        std::size_t* next_record = nullptr) {
  out.clear();
  while (pos < s.size()) {
    const std::size_t nl = s.find('\n', pos);
    if (nl == std::string_view::npos) {
      return std::string_view::npos;
    }
    std::string_view line = s.substr(pos, nl - pos);
    if (next_record != nullptr && line.starts_with("WARC/")) {
      *next_record = pos;
      return std::string_view::npos;
    }
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (line.empty()) {
      return pos;
    }
    if (line.front() == ' ' || line.front() == '\t') {
      if (!out.empty() && !is_blank(line)) {
        out.back().value += ' ';
        out.back().value += trim_ascii(line);
      }
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      out.push_back({std::string(trim_ascii(line.substr(0, colon))),
                     std::string(trim_ascii(line.substr(colon + 1)))});
    }
  }
  return std::string_view::npos;
}

// A decimal Content-Length; nullopt when it is not one (or absurd).
std::optional<std::uint64_t> content_length(std::string_view v) {
  if (v.empty() || v.size() > 19) {
    return std::nullopt;
  }
  std::uint64_t n = 0;
  for (char c : v) {
    if (!is_ascii_digit(c)) {
      return std::nullopt;
    }
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return n <= kMaxContentLength ? std::optional<std::uint64_t>(n) : std::nullopt;
}

// "<urn:uuid:...>" -> "urn:uuid:..." (WARC/1.0 writers put URIs in angle brackets).
std::string uri_of(std::string_view v) {
  v = trim_ascii(v);
  if (v.size() >= 2 && v.front() == '<' && v.back() == '>') {
    v = trim_ascii(v.substr(1, v.size() - 2));
  }
  return clean_key(v);
}

// The media type of a Content-Type value, lower-cased: "text/html".
std::string media_type(std::string_view content_type) {
  return lower_ascii(trim_ascii(content_type.substr(0, content_type.find(';'))));
}

// The body of a chunked transfer: the chunks' data joined. A body that does not start with a
// chunk size is taken as it is (some crawlers store it de-chunked but keep the header); a
// bogus size later, or a chunk cut short, ends it with the chunks before (`broken` set).
std::string dechunk(std::string_view body, bool& broken) {
  std::string out;
  std::size_t pos = 0;
  for (bool first = true;; first = false) {
    const std::size_t nl = body.find('\n', pos);
    std::string_view line = body.substr(pos, nl == std::string_view::npos ? 0 : nl - pos);
    line = trim_ascii(line.substr(0, line.find(';')));  // chunk extensions
    std::uint64_t size = 0;
    const bool valid = !line.empty() && line.size() <= 15 &&
                       line.find_first_not_of("0123456789abcdefABCDEF") == std::string_view::npos;
    if (!valid) {
      if (first) {
        return std::string(body);
      }
      broken = !is_blank(body.substr(pos));
      return out;
    }
    for (char c : line) {
      size = size * 16 +
             static_cast<std::uint64_t>(is_ascii_digit(c) ? c - '0' : to_lower_ascii(c) - 'a' + 10);
    }
    pos = nl + 1;
    if (size == 0) {
      return out;  // trailers are passed over
    }
    const std::size_t take =
        static_cast<std::size_t>(std::min<std::uint64_t>(size, body.size() - pos));
    out.append(body.substr(pos, take));
    pos += take;
    if (take < size) {
      broken = true;
      return out;
    }
    if (body.substr(pos, 2) == "\r\n") {
      pos += 2;
    } else if (body.substr(pos, 1) == "\n") {
      pos += 1;
    }
  }
}

enum class Inflated { kOk, kBroken, kBomb };

// Inflates an HTTP body (`window_bits` as inflateInit2 takes them) into `out`, as far as it
// goes; the budget counts what it unpacks.
Inflated inflate_body(std::string_view in, int window_bits, Budget& budget, std::string& out) {
  z_stream z{};
  if (inflateInit2(&z, window_bits) != Z_OK) {
    return Inflated::kBroken;
  }
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  Inflated result = Inflated::kOk;
  std::size_t fed = 0;
  for (;;) {
    if (z.avail_in == 0) {
      const std::size_t n = std::min<std::size_t>(in.size() - fed, kMaxInflateInput);
      z.avail_in = static_cast<uInt>(n);
      fed += n;
    }
    const std::size_t old = out.size();
    out.resize(old + kInflateChunk);
    z.next_out = reinterpret_cast<Bytef*>(out.data() + old);
    z.avail_out = static_cast<uInt>(kInflateChunk);
    const int rc = inflate(&z, Z_NO_FLUSH);
    const std::size_t added = kInflateChunk - z.avail_out;
    out.resize(old + added);
    if (!budget.charge(in.size(), out.size(), added)) {
      result = Inflated::kBomb;
      break;
    }
    if (rc == Z_STREAM_END) {
      break;
    }
    if (rc != Z_OK && !(rc == Z_BUF_ERROR && z.avail_in == 0 && fed < in.size())) {
      result = Inflated::kBroken;
      break;
    }
  }
  inflateEnd(&z);
  return result;
}

// An HTTP response's status line and header.
struct HttpHead {
  bool http = false;   // it starts with a status line
  std::string status;  // "200"
  Fields fields;
  std::size_t body = std::string_view::npos;  // where the body starts; npos: header cut short
};

HttpHead read_http_head(std::string_view block) {
  HttpHead head;
  const std::size_t line_end = block.find('\n');
  if (!istarts_with(block, "HTTP/") || line_end == std::string_view::npos) {
    return head;
  }
  head.http = true;
  // "HTTP/1.1 200 OK": the status is the second word.
  const std::string_view line = trim_ascii(block.substr(0, line_end));
  const std::size_t space = line.find(' ');
  std::string_view status =
      space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
  head.status = clean_inline(utf8_prefix(trim_ascii(status.substr(0, status.find(' '))), 12));
  head.body = read_fields(block, line_end + 1, head.fields);
  return head;
}

// Why a page of this Content-Type is not read; empty for HTML, plain text, or none given (the
// page may show it is HTML).
std::string type_problem(std::string_view content_type) {
  const std::string type = media_type(content_type);
  if (type.empty() || type == "text/html" || type == "application/xhtml+xml" ||
      type == "text/plain") {
    return {};
  }
  return "page(s) of type " + clean_inline(utf8_prefix(type, 40));
}

// Bytes as a short quote for people: printable ASCII as is, others as \xNN.
std::string quote(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x20 && b < 0x7F && c != '"' && c != '\\') {
      out += c;
    } else {
      out += "\\x";
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
    }
  }
  return out + "\"";
}

std::string count_of(std::size_t n, const std::string& what) {
  return std::to_string(n) + " " + what;
}

// Reads the records of one file, in order.
class WarcReader {
 public:
  WarcReader(std::string_view bytes, const UnpackLimits& limits)
      : budget_(limits), input_(bytes, budget_) {}

  Extraction read();

 private:
  bool find_record();
  std::string not_a_page(const Fields& fields, std::string_view start, bool whole) const;
  void skip_record(std::size_t header, std::uint64_t length);
  void read_record(const Fields& fields, std::string_view block);
  void read_response(const Fields& fields, std::string_view block);
  void add_page(const Fields& fields, const Fields& about, std::string_view page);
  // Counts a record that is no article, by what it is (a few kinds, then "other").
  void pass(const std::string& why) {
    ++passed_[passed_.size() < kMaxPassedKinds || passed_.count(why) > 0 ? why : "other record(s)"];
  }
  void count_junk(std::string_view skipped) {
    for (char c : skipped) {
      junk_bytes_ += in_broken_record_ || is_ascii_space(c) ? 0 : 1;
    }
  }
  std::string notes() const;

  Budget budget_;
  Input input_;
  std::string head_;  // the first bytes of the (unpacked) file, to say what it is
  bool found_ = false;
  std::size_t records_ = 0;
  std::size_t cut_short_ = 0;
  std::size_t malformed_ = 0;
  std::size_t other_versions_ = 0;
  std::size_t junk_bytes_ = 0;
  bool in_broken_record_ = false;  // passing over the rest of a record cut short or malformed
  std::size_t broken_bodies_ = 0;
  std::size_t recaptured_ = 0;
  std::map<std::string, std::size_t> passed_;  // records that are no article, by what they are
  std::vector<KeyedArticle> articles_;
  std::unordered_map<std::string, std::size_t> by_key_;
};

// Moves the window to the next "WARC/" at the start of a line, passing over what comes before
// it (the CRLF CRLF ending each record, or junk); false at the end of the input.
bool WarcReader::find_record() {
  for (;;) {
    const std::string_view w = input_.window();
    if (w.substr(0, 5) == "WARC/") {
      in_broken_record_ = false;
      return true;
    }
    const std::size_t at = w.find("\nWARC/");
    const std::size_t skip = at != std::string_view::npos ? at + 1
                             : w.size() > 5               ? w.size() - 5
                                                          : 0;
    count_junk(w.substr(0, skip));
    input_.consume(skip);
    if (at == std::string_view::npos && !input_.more()) {
      count_junk(input_.window());
      return false;
    }
  }
}

Extraction WarcReader::read() {
  input_.hold(16);
  head_ = std::string(input_.window().substr(0, 16));
  while (!budget_.exceeded() && find_record()) {
    std::string_view w;
    Fields fields;
    std::size_t end = std::string_view::npos;
    std::size_t line_end = std::string_view::npos;
    std::size_t next_record = std::string_view::npos;
    for (;;) {
      w = input_.window();
      const std::string_view head = w.substr(0, kMaxHeaderBytes);
      line_end = head.find('\n');
      if (line_end != std::string_view::npos) {
        end = read_fields(head, line_end + 1, fields, &next_record);
      }
      if (end != std::string_view::npos || next_record != std::string_view::npos ||
          w.size() > kMaxHeaderBytes || !input_.more()) {
        break;
      }
    }
    w = input_.window();                          // the same bytes, maybe moved by more()
    if (next_record != std::string_view::npos) {  // a record header without its end
      in_broken_record_ = true;
      ++malformed_;
      input_.consume(next_record);
      continue;
    }
    if (end == std::string_view::npos) {
      if (w.size() > kMaxHeaderBytes) {  // no header block: junk that starts like a record
        in_broken_record_ = true;
        ++malformed_;
        input_.consume(5);
        continue;
      }
      ++cut_short_;
      break;
    }
    const std::string version(trim_ascii(w.substr(0, line_end)));  // w moves in hold()
    found_ = found_ || (version.size() > 5 && is_ascii_digit(version[5]));
    const std::optional<std::uint64_t> length = content_length(field(fields, "Content-Length"));
    if (!length) {
      in_broken_record_ = true;
      ++malformed_;
      input_.consume(end);  // read on from the next record
      continue;
    }
    if (version != "WARC/1.0" && version != "WARC/1.1") {
      ++other_versions_;
      skip_record(end, *length);
      continue;
    }
    // Records that are no page (most of a crawl: images, requests) are passed over unread.
    input_.hold(end + std::min<std::uint64_t>(*length, kPeekBytes));
    const std::size_t peek =
        static_cast<std::size_t>(std::min<std::uint64_t>(*length, input_.window().size() - end));
    const std::string why = not_a_page(fields, input_.window().substr(end, peek), peek == *length);
    if (!why.empty()) {
      skip_record(end, *length);
      if (!in_broken_record_) {
        ++records_;
        pass(why);
      }
      continue;
    }
    if (!input_.hold(end + *length)) {
      if (budget_.exceeded()) {
        break;
      }
      in_broken_record_ = true;
      ++cut_short_;
      input_.consume(end);  // the records after it may yet be whole
      continue;
    }
    ++records_;
    read_record(fields, input_.window().substr(end, static_cast<std::size_t>(*length)));
    input_.consume(end + static_cast<std::size_t>(*length));
  }

  Extraction out;
  if (budget_.exceeded()) {
    out.skip_reason = "zip bomb";
    out.skip_detail = "unpacks to more than the limits allow (" + std::to_string(budget_.total()) +
                      " bytes before it was stopped)";
    return out;
  }
  out.skip_detail = notes();
  if (!articles_.empty()) {
    out.articles = std::move(articles_);
    return out;
  }
  if (records_ + other_versions_ + malformed_ + cut_short_ + junk_bytes_ == 0 &&
      !input_.corrupt()) {  // nothing but white space
    out.skip_reason = "no text";
    out.skip_detail = "empty file";
  } else if (!found_ || input_.corrupt() || cut_short_ > 0 || malformed_ > 0 ||
             (records_ == 0 && other_versions_ == 0)) {
    out.skip_reason = "corrupt archive";
    if (!found_ && !input_.corrupt()) {
      out.skip_detail = std::string("not a WARC file: it ") +
                        (input_.gzip() ? "unpacks to " : "starts with ") + quote(head_) + "...";
    }
  } else {
    out.skip_reason = "no text";
    std::string what = count_of(records_, records_ == 1 ? "record" : "records") + ", no page";
    for (const auto& [why, n] : passed_) {
      what += "; " + count_of(n, why);
    }
    out.skip_detail = out.skip_detail.empty() ? what : what + "; " + out.skip_detail;
  }
  return out;
}

std::string WarcReader::notes() const {
  std::vector<std::string> notes;
  if (!input_.problem().empty()) {
    notes.push_back(input_.problem() + (input_.corrupt() ? ": read up to there" : ""));
  }
  if (cut_short_ > 0) {
    notes.push_back(count_of(cut_short_, "record(s) cut short (Content-Length past the end)"));
  }
  if (malformed_ > 0) {
    notes.push_back(count_of(malformed_, "malformed record header(s) passed over"));
  }
  if (other_versions_ > 0) {
    notes.push_back(count_of(other_versions_, "record(s) of another WARC version passed over"));
  }
  if (junk_bytes_ > 0) {
    notes.push_back(count_of(junk_bytes_, "bytes of junk between records passed over"));
  }
  if (broken_bodies_ > 0) {
    notes.push_back(count_of(broken_bodies_, "page(s) with a broken body read as far as it goes"));
  }
  if (recaptured_ > 0) {
    notes.push_back(count_of(recaptured_, "page(s) captured again: the later capture kept"));
  }
  std::string out;
  for (const std::string& n : notes) {
    out += (out.empty() ? "" : "; ") + n;
  }
  return out;
}

// Passes over a record's header and its `length` bytes of block.
void WarcReader::skip_record(std::size_t header, std::uint64_t length) {
  if (!input_.skip(header + length) && !budget_.exceeded()) {
    in_broken_record_ = true;
    ++cut_short_;
    input_.consume(header);  // a plain file: the records after it may yet be whole
  }
}

// Why a record is no page, as far as the `start` of its block tells (`whole` when that is all
// of it); empty when it may be one.
std::string WarcReader::not_a_page(const Fields& fields, std::string_view start, bool whole) const {
  const std::string type = lower_ascii(field(fields, "WARC-Type"));
  if (type == "resource") {
    if (istarts_with(uri_of(field(fields, "WARC-Target-URI")), "metadata:")) {
      return "resource(s) about the crawl";  // wget's and Heritrix's logs and arguments
    }
    return type_problem(field(fields, "Content-Type"));
  }
  if (type != "response") {
    return type.empty() ? "untyped record(s)" : clean_inline(utf8_prefix(type, 40)) + " record(s)";
  }
  const HttpHead head = read_http_head(start);
  if (!head.http) {
    return "response(s) not over HTTP";
  }
  if (head.status != "200") {
    return "response(s) of status " + (head.status.empty() ? "none" : head.status);
  }
  if (head.body == std::string_view::npos) {
    return whole ? "response(s) with their HTTP header cut short" : "";
  }
  return type_problem(field(head.fields, "Content-Type"));
}

void WarcReader::read_record(const Fields& fields, std::string_view block) {
  if (iequals(field(fields, "WARC-Type"), "resource")) {
    add_page(fields, fields, block);
  } else {
    read_response(fields, block);
  }
}

// An HTTP response of status 200: its body de-chunked and inflated.
void WarcReader::read_response(const Fields& fields, std::string_view block) {
  const HttpHead head = read_http_head(block);
  const Fields& http = head.fields;
  assert(head.http && head.body != std::string_view::npos);  // not_a_page() saw to it
  std::string_view body = block.substr(head.body);
  std::string dechunked;
  if (iequals(trim_ascii(field(http, "Transfer-Encoding")), "chunked")) {
    bool broken = false;
    dechunked = dechunk(body, broken);
    body = dechunked;
    broken_bodies_ += broken ? 1 : 0;
  }
  const std::string encoding = lower_ascii(trim_ascii(field(http, "Content-Encoding")));
  std::string inflated;
  if (encoding == "gzip" || encoding == "x-gzip" || encoding == "deflate") {
    // A crawler may store the body inflated but keep the header: then it is taken as it is.
    const bool gzip_body = body.substr(0, 2) == kGzipMagic;
    const bool zlib_body =
        body.size() >= 2 && (static_cast<unsigned char>(body[0]) & 0x0F) == 8 &&
        ((static_cast<unsigned char>(body[0]) << 8) | static_cast<unsigned char>(body[1])) % 31 ==
            0;
    if (gzip_body || encoding == "deflate") {
      const int bits = gzip_body || zlib_body ? 32 + MAX_WBITS : -MAX_WBITS;  // else raw deflate
      const Inflated r = inflate_body(body, bits, budget_, inflated);
      if (r == Inflated::kBomb) {
        return;
      }
      if (r == Inflated::kBroken) {
        if (inflated.empty()) {
          pass("response(s) with a corrupt compressed body");
          return;
        }
        ++broken_bodies_;
      }
      body = inflated;
    }
  } else if (!encoding.empty() && encoding != "identity") {
    pass("response(s) in content encoding " + clean_inline(utf8_prefix(encoding, 20)));
    return;
  }
  add_page(fields, http, body);
}

// A page of HTML or plain text as an article, keyed by its URI; a URI captured twice keeps the
// later capture. `about`: the fields that describe the page (a response's HTTP header, a
// resource record's own).
void WarcReader::add_page(const Fields& fields, const Fields& about, std::string_view page) {
  const std::string_view content_type = field(about, "Content-Type");
  std::string type = media_type(content_type);
  if (type.empty()) {  // no Content-Type: HTML when it looks like HTML
    const std::string start = lower_ascii(trim_ascii(page.substr(0, 512)).substr(0, 14));
    type = start.starts_with("<!doctype html") || start.starts_with("<html") ? "text/html" : "";
  }
  const bool html = type == "text/html" || type == "application/xhtml+xml";
  if (!html && type != "text/plain") {
    pass("page(s) of type " +
         (type.empty() ? std::string("unknown") : clean_inline(utf8_prefix(type, 40))));
    return;
  }
  std::string charset = charset_param(content_type);
  if (charset.empty() && html) {
    charset = meta_charset(page);
  }
  const Decoded decoded = decode_declared(page, charset);
  if (!decoded.ok) {
    pass("page(s) not text (" + decoded.error + ")");
    return;
  }
  KeyedArticle item;
  Article& a = item.article;
  a = html ? parse_html(decoded.text) : parse_text(decoded.text);
  if (a.title.empty() && a.body.empty()) {
    pass("page(s) without text");
    return;
  }
  a.url = uri_of(field(fields, "WARC-Target-URI"));
  if (a.language.empty()) {  // what the page says of itself comes first
    a.language = language_tag(field(about, "Content-Language"));
  }
  if (a.date.empty()) {
    a.date = normalize_date(field(fields, "WARC-Date"));
  }
  item.key = a.url;
  if (item.key.empty()) {
    item.key = uri_of(field(fields, "WARC-Record-ID"));
  }
  if (item.key.empty()) {
    item.key = "record-" + std::to_string(records_);
  }
  const auto [it, added] = by_key_.try_emplace(item.key, articles_.size());
  if (added) {
    articles_.push_back(std::move(item));
  } else {
    articles_[it->second] = std::move(item);
    ++recaptured_;
  }
}

}  // namespace

Extraction parse_warc(std::string_view bytes, const UnpackLimits& limits) {
  WarcReader reader(bytes, limits);
  return reader.read();
}

}  // namespace folio
