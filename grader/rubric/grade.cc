#include "grader/rubric/grade.h"

#include <bit>
#include <cstdint>
#include <cstdio>
#include <string_view>
#include <utility>
#include <vector>

#include "grader/base/hash.h"

#include "reference/units.h"

namespace grader {

namespace {

// The bytes of a key that KeyVersion hashes. Every field is written with
// its length, so that no two keys share a serialisation. The bytes are
// hashed as they come (ContentHash's two FNV-1a hashes), not kept.
class VersionText {
 public:
  void Str(std::string_view s) {
    Count(s.size());
    Bytes(s.data(), s.size());
  }
  // Eight bytes, little-endian, whatever the machine.
  void Count(size_t n) {
    unsigned char bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<unsigned char>((static_cast<uint64_t>(n) >> (8 * i)) & 0xff);
    Bytes(bytes, 8);
  }
  // An integer's sign and magnitude, little-endian bytes without leading
  // zeros: the same whatever the width of cpp_int's limbs.
  void Integer(const Int& x) {
    const auto& b = x.backend();
    const unsigned char sign = x.sign() < 0 ? '-' : '+';
    Bytes(&sign, 1);
    if constexpr (std::endian::native == std::endian::little) {
      // The limbs in memory are already the little-endian bytes: hash them
      // in place, without the top limb's zero bytes.
      const unsigned limbs = b.size();
      const auto* data = b.limbs();
      size_t n = limbs * sizeof(*data);
      const unsigned char* p = reinterpret_cast<const unsigned char*>(data);
      while (n > 0 && p[n - 1] == 0) --n;
      Count(n);
      Bytes(p, n);
      return;
    }
    unsigned char bytes[8 * 64];
    size_t n = 0;
    const unsigned limbs = b.size();
    if (limbs * sizeof(*b.limbs()) > sizeof bytes) {  // a long number: through a buffer of its own
      std::string big;
      for (unsigned i = 0; i < limbs; ++i) {
        auto limb = b.limbs()[i];
        for (unsigned k = 0; k < sizeof(limb); ++k) big.push_back(static_cast<char>((limb >> (8 * k)) & 0xff));
      }
      while (!big.empty() && big.back() == '\0') big.pop_back();
      Count(big.size());
      Bytes(big.data(), big.size());
      return;
    }
    for (unsigned i = 0; i < limbs; ++i) {
      auto limb = b.limbs()[i];
      for (unsigned k = 0; k < sizeof(limb); ++k) bytes[n++] = static_cast<unsigned char>((limb >> (8 * k)) & 0xff);
    }
    while (n > 0 && bytes[n - 1] == 0) --n;
    Count(n);
    Bytes(bytes, n);
  }
  void Number(const std::optional<Value>& v) {
    if (!v) return Str("none");
    Str(v->is_exact() ? "exact" : "approx");
    Integer(numerator(v->exact()));
    Integer(denominator(v->exact()));
  }
  void Lines(const std::vector<std::string>& lines) {
    Count(lines.size());
    for (const std::string& l : lines) Str(l);
  }
  // ContentHash of the bytes written.
  std::string Hash() const {
    char out[33];
    std::snprintf(out, sizeof out, "%016llx%016llx", static_cast<unsigned long long>(a_),
                  static_cast<unsigned long long>(b_));
    return out;
  }

 private:
  void Bytes(const void* data, size_t n) {
    const unsigned char* p = static_cast<const unsigned char*>(data);
    uint64_t a = a_, b = b_;
    for (size_t i = 0; i < n; ++i) {
      a = Fnv1a64Step(a, p[i]);
      b = Fnv1a64Step(b, p[i]);
    }
    a_ = a;
    b_ = b;
  }
  // As ContentHash (grader/rubric/rubric.cc) starts them.
  uint64_t a_ = kFnv1a64Offset, b_ = 0x84222325cbf29ce4ULL;
};

// ExactString(credit): a key's credits take a few values ("0.5", "0.25"),
// kept per thread (equal rationals have equal numerators and denominators).
std::string_view CreditText(const Exact& credit) {
  thread_local std::vector<std::pair<Exact, std::string>> known;
  for (const auto& [x, text] : known)
    if (numerator(x) == numerator(credit) && denominator(x) == denominator(credit)) return text;
  if (known.size() >= 16) known.clear();
  return known.emplace_back(credit, ExactString(credit)).second;
}

}  // namespace

// What a key's version covers: everything KeyToJson carries except the
// derivations and the rounded display forms, which are written from the
// rest: the derivations from the problem's definition and the parameters
// (so its content hash stands for them), the display from a value and its
// unit. A key not built from a problem file (no definition hash) hashes
// its derivations too. This replaced ContentHash(KeyToJson(key).dump()),
// which wrote every lazily built derivation for every distinct key (issue
// 17): every results file's key_version changed once then, and a rerun
// regrades once.
std::string KeyVersion(const AnswerKey& key) {
  VersionText t;
  t.Str("key version 2");
  t.Str(key.definition_hash);
  const bool derivations = key.definition_hash.empty();
  t.Str(key.problem_id);
  t.Str(key.title);
  t.Str(key.variant ? std::to_string(*key.variant) : "none");
  t.Count(key.parameters.size());
  for (const auto& [name, value] : key.parameters) {
    t.Str(name);
    t.Str(value);
  }
  t.Count(key.parts.size());
  for (const Part& p : key.parts) {
    t.Str(p.id);
    t.Str(p.title);
    t.Lines(p.answers);
  }
  auto alternatives = [&](const std::vector<KeyAlternative>& list) {
    t.Count(list.size());
    for (const KeyAlternative& a : list) {
      t.Str(a.id);
      t.Str(a.label);
      t.Number(a.number);
      t.Str(a.text);
      t.Str(a.feedback);
      t.Str(a.credit ? CreditText(*a.credit) : std::string_view("none"));
      if (derivations) t.Lines(a.steps.get());
    }
  };
  t.Count(key.answers.size());
  for (const KeyAnswer& a : key.answers) {
    t.Str(a.id);
    t.Str(a.part);
    t.Str(a.description);
    t.Number(a.number);
    t.Str(a.unit);
    t.Str(a.text);
    t.Lines(a.options);
    t.Str(a.formula);
    if (derivations) t.Lines(a.steps.get());
    alternatives(a.conventions);
    alternatives(a.mistakes);
    if (a.official) {
      // `agrees` and the relative error follow from the written value and the number.
      t.Str(a.official->written);
      t.Str(a.official->source);
      t.Str(a.official->note);
    } else {
      t.Str("no official");
    }
  }
  return t.Hash();
}

Result GradeExtractions(const Rubric& rubric, const AnswerKey& key, const Extractions& x, const GradeOptions& options) {
  Result r = Score(
      rubric,
      [&](const RubricItem& item) {
        CheckContext ctx{&x, &key, item.part};
        if (item.check->NeedsJudgment() && options.judge) return options.judge(item, ctx);
        return item.check->Evaluate(ctx);
      },
      options.overrides);
  r.key_version = options.key_version.empty() ? KeyVersion(key) : options.key_version;
  return r;
}

ExtractOptions ExtractOptionsFor(const AnswerKey& key) {
  ExtractOptions eo;
  eo.names = key.names;
  eo.part_ids.reserve(key.parts.size());
  eo.parts.reserve(key.parts.size());
  // The last unit looked up, and its dimension: a key's answers mostly
  // share a few units (FindUnit parses the symbol each time).
  std::string_view last_unit;
  const Unit* last = nullptr;
  for (const Part& p : key.parts) {
    eo.part_ids.push_back(p.id);
    PartSpec& spec = eo.parts.emplace_back(PartSpec{p.id, p.title, p.statement, {}});
    for (const std::string& a : p.answers) {
      const KeyAnswer* k = key.Find(a);
      if (!k || k->unit.empty()) continue;
      if (k->unit != last_unit) {
        last_unit = k->unit;
        last = FindUnit(k->unit);
      }
      if (last) spec.dimensions.push_back(last->dimension);
    }
  }
  return eo;
}

ExtractOptions GradingExtractOptions(const AnswerKey& key) {
  ExtractOptions eo = ExtractOptionsFor(key);
  eo.section_only = true;  // the checks read only the problem's section
  return eo;
}

Result GradeText(const Rubric& rubric, const AnswerKey& key, const std::string& text, const GradeOptions& options) {
  if (options.extract) return GradeExtractions(rubric, key, Extract(text, *options.extract), options);
  return GradeExtractions(rubric, key, Extract(text, GradingExtractOptions(key)), options);
}

}  // namespace grader
