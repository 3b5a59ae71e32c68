// A streaming JSON writer: appends compact JSON text to a string, with no
// tree in between. The batch runner writes one results.jsonl line per
// submission with it, which is several times cheaper than building an
// nlohmann::ordered_json and dumping it.
//
//   JsonWriter w;
//   w.BeginObject();
//   w.Key("id");    w.String("alice");
//   w.Key("score"); w.Number(83.39);
//   w.Key("tags");  w.BeginArray(); w.Int(1); w.Null(); w.EndArray();
//   w.EndObject();
//   w.str();        // {"id":"alice","score":83.39,"tags":[1,null]}
//
// Strings are escaped as JSON requires; bytes that are not valid UTF-8
// become U+FFFD, so the output is always valid JSON (nlohmann's dump would
// throw instead). Doubles use the shortest text that reads back to the same
// value; NaN and infinities, which JSON cannot hold, are written as null.
// The caller keeps keys and values paired; nothing is checked.
#ifndef GRADER_REPORTS_JSON_WRITER_H_
#define GRADER_REPORTS_JSON_WRITER_H_

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace grader {

class JsonWriter {
 public:
  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  void Key(std::string_view key);
  void String(std::string_view s);
  void Int(long long x);
  void Number(double x);
  // Number(x) for an x rounded to six decimals (the double nearest k / 10^6,
  // as ToJsonNumber rounds credits and errors): the same bytes, written
  // from k's digits when that is sure to be what Number writes (a fraction
  // and 0.001 <= |x| < 1e9), through Number otherwise.
  void Millionths(double x);
  void Bool(bool b);
  void Null();
  // A value that is already JSON (metadata kept as given).
  void Json(const nlohmann::ordered_json& value);
  // Members an earlier JsonWriter wrote ("\"id\":\"x\",\"kind\":\"y\""), appended
  // as they are inside the current object (with the comma before them).
  // For parts of a line that repeat on every line.
  void Members(std::string_view written);
  // A key written out with the comma before it, `,"name":`, for a member
  // that follows another in the current object (the caller knows one came
  // before: nothing is checked). Keys of a results line that repeat on
  // every item, written without Key's scan.
  void NextKey(std::string_view comma_key_colon) {
    out_.append(comma_key_colon);
    first_ = false;
    after_key_ = true;
  }

  // Room for `bytes` of text in all, so that a line written again and
  // again (a results line per submission) grows its string once.
  void Reserve(size_t bytes) { out_.reserve(bytes); }

  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void Open(char c);
  void Close(char c);
  void Separate();
  // Separate()'s bookkeeping without the write: true when a comma is due.
  bool SeparatorDue();
  std::string out_;
  bool first_ = true;      // nothing written yet at this level
  bool after_key_ = false;  // the next value follows a key
};

// Appends `s` to `out` as a quoted JSON string (see JsonWriter::String).
void AppendJsonString(std::string& out, std::string_view s);

}  // namespace grader

#endif  // GRADER_REPORTS_JSON_WRITER_H_
