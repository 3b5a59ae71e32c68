#include "reports/result_json.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cmath>
#include <cstring>
#include <vector>

namespace grader {
namespace {

using ojson = nlohmann::ordered_json;

const char* VisibilityName(Visibility v) { return v == Visibility::kStaff ? "staff" : "students"; }

void OptionalNumber(JsonWriter& w, const std::optional<Exact>& x) {
  if (x) WriteJsonNumber(w, *x);
  else w.Null();
}

void Field(JsonWriter& w, const char* key, const std::string& value) {
  if (value.empty()) return;
  w.Key(key);
  w.String(value);
}

// The members of an item's JSON that every result writes alike, written
// once per item and thread: its id, kind, title and part; its feedback;
// its visibility. An entry is found by the item's address and used only
// while the item still reads as when it was written (an address may be
// reused by another rubric).
struct ItemText {
  const RubricItem* item = nullptr;
  std::string id, kind, title, part, feedback;
  Visibility visibility = Visibility::kStudents;
  std::string head;        // "id":...,"kind":...[,"title":...][,"part":...]
  std::string feedback_m;  // "feedback":"..." ("" without feedback)
  std::string visibility_m;

  bool Describes(const RubricItem& it) const {
    return item == &it && visibility == it.visibility && id == it.id && kind == it.kind && title == it.title &&
           part == it.part && feedback == it.feedback;
  }
};

const ItemText& TextOf(const RubricItem& item) {
  thread_local std::vector<ItemText> cache;
  for (const ItemText& t : cache)
    if (t.Describes(item)) return t;
  if (cache.size() >= 256) cache.clear();  // bounded: a long-lived process may load many rubrics
  ItemText t;
  t.item = &item;
  t.id = item.id;
  t.kind = item.kind;
  t.title = item.title;
  t.part = item.part;
  t.feedback = item.feedback;
  t.visibility = item.visibility;
  auto members = [](auto write) {
    JsonWriter w;
    w.BeginObject();
    write(w);
    std::string s = w.Take();
    return s.substr(1);  // without the '{'
  };
  t.head = members([&](JsonWriter& w) {
    w.Key("id");
    w.String(item.id);
    w.Key("kind");
    w.String(item.kind);
    Field(w, "title", item.title);
    Field(w, "part", item.part);
  });
  t.feedback_m = members([&](JsonWriter& w) { Field(w, "feedback", item.feedback); });
  t.visibility_m = members([&](JsonWriter& w) {
    w.Key("visibility");
    w.String(VisibilityName(item.visibility));
  });
  cache.push_back(std::move(t));
  return cache.back();
}

// A member after another of the same object: `,"key":` then the string,
// when it is not empty.
void NextField(JsonWriter& w, std::string_view comma_key, const std::string& value) {
  if (value.empty()) return;
  w.NextKey(comma_key);
  w.String(value);
}

// `,"status":"<name>","credit":` for each status: what every item writes
// after its head.
const std::string& StatusThenCredit(ItemStatus status) {
  static const std::vector<std::string> table = [] {
    std::vector<std::string> t;
    for (ItemStatus st : kItemStatuses) {
      const size_t i = static_cast<size_t>(st);
      if (t.size() <= i) t.resize(i + 1);
      JsonWriter w;
      w.BeginObject();
      w.Key("status");
      w.String(StatusName(st));
      w.Key("credit");
      t[i] = "," + w.Take().substr(1);
    }
    return t;
  }();
  return table[static_cast<size_t>(status)];
}

// An evidence span's members, "line":L,"column":C,"begin":B,"end":E,
// written in one piece (four keys and numbers on every quote of a line).
class SpanMembers {
 public:
  explicit SpanMembers(const Span& span) {
    Put("\"line\":", static_cast<long long>(span.line));
    Put(",\"column\":", static_cast<long long>(span.col));
    Put(",\"begin\":", static_cast<long long>(span.begin));
    Put(",\"end\":", static_cast<long long>(span.end));
  }
  std::string_view view() const { return std::string_view(buf_, static_cast<size_t>(end_ - buf_)); }

 private:
  template <size_t N>
  void Put(const char (&key)[N], long long x) {
    std::memcpy(end_, key, N - 1);
    end_ = std::to_chars(end_ + (N - 1), buf_ + sizeof buf_, x).ptr;
  }
  // The keys (29 bytes) and four numbers of at most 20 digits each.
  char buf_[128];
  char* end_ = buf_;
};

// `include_staff` false (what students see): a review item keeps its status
// but not the reason or the candidates. Every member after the head is
// written with NextKey (the head holds "id", so a comma is always due).
void WriteItem(JsonWriter& w, const ItemResult& r, bool deduction, bool include_staff) {
  const RubricItem& item = *r.item;
  const CheckOutcome& o = r.outcome;
  const ItemText& text = TextOf(item);
  w.BeginObject();
  w.Members(text.head);
  w.NextKey(StatusThenCredit(r.status));
  OptionalNumber(w, r.credit);
  w.NextKey(",\"points\":");
  WriteJsonNumber(w, r.points);
  w.NextKey(deduction ? ",\"deduction\":" : ",\"max_points\":");
  WriteJsonNumber(w, r.max_points);
  if (deduction) {
    w.NextKey(",\"applied\":");
    w.Int(r.applications);
  }
  NextField(w, ",\"expected\":", o.expected);
  NextField(w, ",\"found\":", o.found);
  if (o.found_is_guess) {
    w.NextKey(",\"found_guess\":");
    w.Bool(true);
  }
  if (o.relative_error) {
    w.NextKey(",\"relative_error\":");
    WriteJsonNumber(w, *o.relative_error);
  }
  NextField(w, ",\"convention\":", o.convention);
  NextField(w, ",\"mistake\":", o.mistake);
  // The rubric's feedback is for an answer that lost credit (a review item:
  // by its provisional credit).
  const bool lost = StatusOf(r.credit, deduction) != ItemStatus::kPass;
  if (lost) w.Members(text.feedback_m);
  NextField(w, ",\"mistake_feedback\":", o.feedback);
  NextField(w, ",\"detail\":", o.detail);
  // The key's derivation, like the feedback, for an answer that lost credit.
  if (!o.derivation.empty() && lost) {
    w.NextKey(",\"derivation\":");
    w.BeginArray();
    for (const std::string& step : o.derivation) w.String(step);
    w.EndArray();
  }
  if (r.status == ItemStatus::kReview && include_staff) {
    NextField(w, ",\"review\":", o.review);
    if (!o.candidates.empty()) {
      w.NextKey(",\"candidates\":");
      w.BeginArray();
      for (const std::string& c : o.candidates) w.String(c);
      w.EndArray();
    }
  }
  w.NextKey(",\"evidence\":");
  w.BeginArray();
  for (const Evidence& e : o.evidence) {
    w.BeginObject();
    w.Key("quote");
    w.String(e.quote);
    w.Members(SpanMembers(e.span).view());
    w.EndObject();
  }
  w.EndArray();
  w.Members(text.visibility_m);
  if (r.overridden) {
    w.NextKey(",\"override\":");
    w.BeginObject();
    w.Key("credit");
    OptionalNumber(w, r.credit);
    w.NextKey(",\"comment\":");
    w.String(r.override_comment);
    w.EndObject();
  }
  w.EndObject();
}

// ExactString of the rubric's points and of the scored maximum, which are
// the same for nearly every line of a run: remembered per thread (a few
// thousand instructions each otherwise). Compared by numerator and
// denominator.
const std::string& ExactStringRepeated(const Exact& x) {
  struct Entry {
    Exact value;
    std::string text;
  };
  thread_local std::vector<Entry> cache;
  const auto& v = x.backend().data();
  for (const Entry& e : cache) {
    const auto& d = e.value.backend().data();
    if (d.numerator() == v.numerator() && d.denominator() == v.denominator()) return e.text;
  }
  if (cache.size() >= 16) cache.clear();
  cache.push_back({x, ExactString(x)});
  return cache.back().text;
}

// ExactString(x), written from machine integers when the numerator and the
// denominator fit in 64 bits and so does the decimal's scaled value (a
// result's score and normalized score: ExactString's multiprecision
// divisions and power cost a few thousand instructions); ExactString
// otherwise. The same text: the exact decimal expansion when the
// denominator is 2^a 5^b, its max(a, b) digits after the point; "p/q"
// otherwise.
std::string ExactText(const Exact& x) {
  const auto& num = x.backend().data().numerator();
  const auto& den = x.backend().data().denominator();
  if (num.backend().size() != 1 || den.backend().size() != 1 || den.sign() <= 0) return ExactString(x);
  const uint64_t n = *num.backend().limbs(), d = *den.backend().limbs();
  const bool negative = num.sign() < 0;
  char buf[128];  // a sign, "0.", at most 63 zeros and 20 digits
  char* p = buf;
  uint64_t rest = d;
  int twos = 0, fives = 0;
  while (rest % 2 == 0) rest /= 2, ++twos;
  while (rest % 5 == 0) rest /= 5, ++fives;
  if (rest != 1) {  // no decimal expansion: "p/q" (its parts in lowest terms, as Boost keeps them)
    if (negative) *p++ = '-';
    p = std::to_chars(p, buf + 32, n).ptr;  // at most 20 digits: room is left for the rest
    *p++ = '/';
    p = std::to_chars(p, buf + sizeof buf, d).ptr;
    return std::string(buf, p);
  }
  // n * 10^scale / d = n * 2^(scale - twos) * 5^(scale - fives).
  const int scale = std::max(twos, fives);
  uint64_t scaled = n;
  for (int i = twos; i < scale; ++i)
    if (__builtin_mul_overflow(scaled, uint64_t{2}, &scaled)) return ExactString(x);
  for (int i = fives; i < scale; ++i)
    if (__builtin_mul_overflow(scaled, uint64_t{5}, &scaled)) return ExactString(x);
  char digits[24];
  char* end = std::to_chars(digits, digits + sizeof digits, scaled).ptr;
  const size_t count = static_cast<size_t>(end - digits);
  if (negative && scaled != 0) *p++ = '-';
  if (scale == 0) {
    p = std::copy(digits, end, p);
  } else if (count <= static_cast<size_t>(scale)) {  // 0.00ddd
    *p++ = '0';
    *p++ = '.';
    p = std::fill_n(p, static_cast<size_t>(scale) - count, '0');
    p = std::copy(digits, end, p);
  } else {
    p = std::copy(digits, end - scale, p);
    *p++ = '.';
    p = std::copy(end - scale, end, p);
  }
  return std::string(buf, p);
}

}  // namespace

ExactNumber ToJsonNumber(const Exact& x) {
  // Integers below 2^53 (most points and credits) straight from the backend.
  const auto& num = x.backend().data().numerator();
  const auto& den = x.backend().data().denominator();
  if (den.backend().size() == 1 && *den.backend().limbs() == 1 && num.backend().size() == 1 &&
      *num.backend().limbs() < (1ULL << 53)) {
    long long v = static_cast<long long>(*num.backend().limbs());
    return {true, num.sign() < 0 ? -v : v, 0};
  }
  if (IsInteger(x) && abs(numerator(x)) < Int(1) << 53) return {true, static_cast<long long>(numerator(x)), 0};
  double d = ToDouble(x);
  if (std::fabs(d) < 1e9) d = std::round(d * 1e6) / 1e6;  // 6 decimals: n / 10^6 is correctly rounded
  return {false, 0, d};
}

double JsonNumberValue(const Exact& x) {
  ExactNumber n = ToJsonNumber(x);
  return n.integer ? static_cast<double>(n.i) : n.d;
}

ojson JsonNumber(const Exact& x) {
  ExactNumber n = ToJsonNumber(x);
  if (n.integer) return n.i;
  return n.d;
}

void WriteResultJson(JsonWriter& w, const Result& result, bool include_staff) {
  w.BeginObject();
  w.Key("score");
  WriteJsonNumber(w, result.score);
  w.NextKey(",\"max\":");
  WriteJsonNumber(w, result.max);
  w.NextKey(",\"normalized\":");
  WriteJsonNumber(w, result.normalized);
  w.NextKey(",\"scored_max\":");
  WriteJsonNumber(w, result.scored_max);
  w.NextKey(",\"exact\":");
  w.BeginObject();
  w.Key("score");
  w.String(ExactText(result.score));
  w.NextKey(",\"max\":");
  w.String(ExactStringRepeated(result.max));
  w.NextKey(",\"scored_max\":");
  w.String(ExactStringRepeated(result.scored_max));
  w.NextKey(",\"normalized\":");
  w.String(ExactText(result.normalized));
  w.EndObject();
  w.NextKey(",\"rubric\":");
  w.String(result.rubric_id);
  w.NextKey(",\"problem\":");
  w.String(result.problem_id);
  w.NextKey(",\"scored\":");
  w.Int(result.scored);
  w.NextKey(",\"unscored\":");
  w.Int(result.unscored);
  if (result.review > 0) {  // absent when 0: a result without review items reads as before
    w.NextKey(",\"review\":");
    w.Int(result.review);
  }
  auto visible = [&](const ItemResult& r) { return include_staff || r.item->visibility == Visibility::kStudents; };
  w.NextKey(",\"criteria\":");
  w.BeginArray();
  for (const CriterionResult& cr : result.criteria) {
    if (!include_staff && cr.criterion->visibility == Visibility::kStaff) continue;
    w.BeginObject();
    w.Key("id");
    w.String(cr.criterion->id);
    NextField(w, ",\"title\":", cr.criterion->title);
    NextField(w, ",\"part\":", cr.criterion->part);
    w.NextKey(",\"weight\":");
    WriteJsonNumber(w, cr.criterion->weight);
    w.NextKey(",\"points\":");
    WriteJsonNumber(w, cr.points);
    w.NextKey(",\"credit\":");
    OptionalNumber(w, cr.credit);
    if (!cr.deducted.is_zero()) {  // no rational 0 built to compare with
      w.NextKey(",\"deducted\":");
      WriteJsonNumber(w, cr.deducted);
    }
    w.NextKey(",\"items\":");
    w.BeginArray();
    for (const ItemResult& r : cr.items)
      if (visible(r)) WriteItem(w, r, false, include_staff);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.NextKey(",\"checklist\":");
  w.BeginArray();
  for (const ItemResult& r : result.checklist)
    if (visible(r)) WriteItem(w, r, false, include_staff);
  w.EndArray();
  w.NextKey(",\"deductions\":");
  w.BeginArray();
  for (const ItemResult& r : result.deductions)
    if (visible(r)) WriteItem(w, r, true, include_staff);
  w.EndArray();
  w.NextKey(",\"versions\":");
  WriteVersions(w, result);
  w.EndObject();
}

void WriteJsonNumber(JsonWriter& w, const Exact& x) {
  ExactNumber n = ToJsonNumber(x);
  if (n.integer) w.Int(n.i);
  else w.Millionths(n.d);  // rounded to six decimals when below 1e9
}

void WriteVersions(JsonWriter& w, const Result& result) {
  w.BeginObject();
  w.Key("rubric");
  w.String(result.rubric_version);
  w.Key("key");
  w.String(result.key_version);
  w.Key("grader");
  w.String(result.grader_version);
  w.EndObject();
}

ojson ResultToJson(const Result& result, bool include_staff) {
  JsonWriter w;
  WriteResultJson(w, result, include_staff);
  return ojson::parse(w.str());
}

}  // namespace grader
