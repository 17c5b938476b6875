// JsonWriter over RapidJSON's writers.
#include "folio/json_writer.h"

#include <cmath>

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "text/utf8.h"

namespace folio {

class JsonWriter::Impl {
 public:
  explicit Impl(bool pretty) : pretty_(pretty), compact_(buffer_), indented_(buffer_) {
    indented_.SetIndent(' ', 2);
  }

  // Calls `fn` with the writer in use.
  template <class Fn>
  void with(Fn&& fn) {
    if (pretty_) {
      fn(indented_);
    } else {
      fn(compact_);
    }
  }

  void string(std::string_view text) {
    const std::string_view v = text::valid_utf8(text, scratch_);
    with([&](auto& w) { w.String(v.data(), static_cast<rapidjson::SizeType>(v.size())); });
  }

  void key(std::string_view name) {
    const std::string_view v = text::valid_utf8(name, scratch_);
    with([&](auto& w) { w.Key(v.data(), static_cast<rapidjson::SizeType>(v.size())); });
  }

  std::string str() const { return {buffer_.GetString(), buffer_.GetSize()}; }

 private:
  bool pretty_;
  rapidjson::StringBuffer buffer_;
  rapidjson::Writer<rapidjson::StringBuffer> compact_;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> indented_;
  std::string scratch_;
};

JsonWriter::JsonWriter(bool pretty) : impl_(std::make_unique<Impl>(pretty)) {}
JsonWriter::~JsonWriter() = default;

JsonWriter& JsonWriter::begin_object() {
  impl_->with([](auto& w) { w.StartObject(); });
  return *this;
}
JsonWriter& JsonWriter::end_object() {
  impl_->with([](auto& w) { w.EndObject(); });
  return *this;
}
JsonWriter& JsonWriter::begin_array() {
  impl_->with([](auto& w) { w.StartArray(); });
  return *this;
}
JsonWriter& JsonWriter::end_array() {
  impl_->with([](auto& w) { w.EndArray(); });
  return *this;
}
JsonWriter& JsonWriter::key(std::string_view name) {
  impl_->key(name);
  return *this;
}
JsonWriter& JsonWriter::string(std::string_view text) {
  impl_->string(text);
  return *this;
}
JsonWriter& JsonWriter::uint(std::uint64_t n) {
  impl_->with([n](auto& w) { w.Uint64(n); });
  return *this;
}
JsonWriter& JsonWriter::integer(std::int64_t n) {
  impl_->with([n](auto& w) { w.Int64(n); });
  return *this;
}
JsonWriter& JsonWriter::real(double x) {
  if (!std::isfinite(x)) {
    return null();  // JSON has no NaN or infinity
  }
  impl_->with([x](auto& w) { w.Double(x); });
  return *this;
}
JsonWriter& JsonWriter::boolean(bool b) {
  impl_->with([b](auto& w) { w.Bool(b); });
  return *this;
}
JsonWriter& JsonWriter::null() {
  impl_->with([](auto& w) { w.Null(); });
  return *this;
}

std::string JsonWriter::str() const { return impl_->str(); }

}  // namespace folio
