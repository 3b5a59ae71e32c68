#include "grader/extract/extract.h"

#include <algorithm>
#include <cstring>

#include "grader/base/utf8.h"

namespace grader {

namespace {

// True when `t` holds at least `limit` bytes that may start a relation
// ('=', '~', the backslash of \approx, 0xE2 of ≈). memchr per byte value:
// most of the text is passed over many bytes at a time.
bool ManyRelationBytes(std::string_view t, size_t limit) {
  if (t.size() < limit) return false;
  size_t count = 0;
  for (char c : {'=', '~', '\\', '\xE2'}) {
    const char* p = t.data();
    const char* const end = t.data() + t.size();
    while (p < end && (p = static_cast<const char*>(std::memchr(p, c, static_cast<size_t>(end - p)))) != nullptr) {
      if (++count >= limit) return true;
      ++p;
    }
  }
  return false;
}

// ExtractOptions::section_only: reads the lines holding the problem's section
// and returns true, or returns false (x untouched but for its diagnostics)
// when the whole text must be read; *found is then the section when it was
// looked for (not looked for again).
bool ReadSection(Extractions& x, const ExtractOptions& options, Range* read_out, std::optional<Section>* found) {
  const Document& doc = x.doc;
  const std::string& t = doc.text();
  // Every quantity holds a digit run of its own and every equation a
  // relation ('=', '~', \approx, ≈): below these sizes no cap can cut a
  // whole reading, so reading a stretch finds what the whole reading finds
  // there.
  if (t.size() >= 2 * kMaxQuantities) return false;
  if (ManyRelationBytes(t, kMaxEquations)) return false;
  Section section = FindSection(doc, options.names);
  *found = section;
  Range scope = section.how.empty() ? Range{0, t.size()} : section.range;
  // Whole lines: nothing read (a number, its unit, an equation) crosses a
  // line break, and a line read whole reads as in the whole text.
  const std::vector<Range>& lines = doc.lines();
  auto first = std::lower_bound(lines.begin(), lines.end(), scope.begin,
                                [](const Range& l, size_t o) { return l.end < o; });
  auto last = std::lower_bound(lines.begin(), lines.end(), scope.end,
                               [](const Range& l, size_t o) { return l.begin < o; });
  if (first == lines.end() || last == lines.begin() || scope.size() == 0) return false;
  Range read{std::min(first->begin, scope.begin), std::max((last - 1)->end, scope.end)};
  if (read.begin == 0 && read.end >= t.size()) return false;  // the whole text anyway
  x.quantities = FindQuantities(doc, read, &x.diagnostics);
  x.parts = MapPartsInSection(doc, options.parts, std::move(section), x.quantities);
  for (const FoundPart& p : x.parts.parts)
    if (p.range.begin < read.begin || p.range.end > read.end) {
      x.quantities.clear();
      x.diagnostics = doc.diagnostics();
      return false;
    }
  x.equations = FindEquations(doc, read);
  *read_out = read;
  return true;
}

}  // namespace

Extractions Extract(std::string text, const ExtractOptions& options) {
  Extractions x;
  x.doc = Document(std::move(text));
  x.diagnostics = x.doc.diagnostics();
  Range read;
  std::optional<Section> section;
  if (options.section_only && !options.parts.empty() && ReadSection(x, options, &read, &section)) {
    x.claims = Claims(x.doc, read);
    return x;
  }
  x.quantities = FindQuantities(x.doc, std::nullopt, &x.diagnostics);
  if (section) x.parts = MapPartsInSection(x.doc, options.parts, std::move(*section), x.quantities);
  else if (!options.parts.empty()) x.parts = MapParts(x.doc, options.parts, options.names, x.quantities);
  else x.parts = MapParts(x.doc, options.part_ids);
  x.equations = FindEquations(x.doc);
  if (x.equations.size() == kMaxEquations)
    x.diagnostics.push_back({"more than " + std::to_string(kMaxEquations) + " equations: the rest are not checked",
                             x.doc.MakeSpan(x.equations.back().range.end, x.doc.text().size())});
  x.claims = Claims(x.doc);
  return x;
}

bool Extractions::HasPart(const std::string& id) const { return parts.Find(id) != nullptr; }

Range Extractions::PartRange(const std::string& id) const {
  if (const FoundPart* p = parts.Find(id)) return p->range;
  if (parts.section.how.empty()) return {0, doc.text().size()};
  return parts.section.range;
}

std::vector<const Quantity*> Extractions::QuantitiesIn(Range scope) const {
  std::vector<const Quantity*> out;
  // Quantities are in reading order and do not overlap: start at the first
  // one that begins inside the scope.
  auto it = std::lower_bound(quantities.begin(), quantities.end(), scope.begin,
                             [](const Quantity& q, size_t o) { return q.range.begin < o; });
  auto end = std::lower_bound(it, quantities.end(), scope.end,
                              [](const Quantity& q, size_t o) { return q.range.begin < o; });
  out.reserve(static_cast<size_t>(end - it));  // one allocation, not a regrowth per doubling
  for (; it != end; ++it)
    if (it->range.end <= scope.end) out.push_back(&*it);
  return out;
}

std::vector<const Quantity*> Extractions::QuantitiesIn(const std::string& part_id) const {
  if (!part_id.empty() && !HasPart(part_id)) return {};
  return QuantitiesIn(PartRange(part_id));
}

std::vector<const Equation*> Extractions::EquationsIn(const std::string& part_id) const {
  std::vector<const Equation*> out;
  if (!part_id.empty() && !HasPart(part_id)) return out;
  Range r = PartRange(part_id);
  for (const Equation& e : equations)
    if (e.range.begin >= r.begin && e.range.end <= r.end) out.push_back(&e);
  return out;
}

const std::vector<FinalAnswer>& Extractions::FinalAnswers(const std::string& part_id) const {
  auto it = final_answers_cache.find(part_id);
  if (it != final_answers_cache.end()) return it->second;
  std::vector<FinalAnswer> answers;
  if (part_id.empty() || HasPart(part_id)) answers = RankAnswers(doc, quantities, equations, PartRange(part_id));
  return final_answers_cache.emplace(part_id, std::move(answers)).first->second;
}

const std::vector<bool>& Extractions::Operands() const {
  if (operands_done) return operands_cache;
  operands_done = true;
  operands_cache.assign(quantities.size(), false);
  for (const Equation& eq : equations)
    for (size_t k = 0; k + 1 < eq.sides.size(); ++k) {
      const EquationSide& side = eq.sides[k];
      if (side.literal) continue;
      // The quantities inside the side (as QuantitiesIn, without building
      // the list): [lo, hi), those ending past the side left out.
      const auto begins_before = [](const Quantity& q, size_t o) { return q.range.begin < o; };
      const auto lo = std::lower_bound(quantities.begin(), quantities.end(), side.range.begin, begins_before);
      auto hi = lo;
      size_t widest = 0;  // the longest quantity inside
      bool any = false;
      for (; hi != quantities.end() && hi->range.begin < side.range.end; ++hi)
        if (hi->range.end <= side.range.end) {
          widest = std::max(widest, hi->range.size());
          any = true;
        }
      if (!any) continue;
      // The side's substance (bytes other than spaces, parentheses,
      // backslashes and dollars), counted only as far as it matters: past
      // widest + 4, no quantity inside is the whole side.
      std::string_view text = doc.View(side.range);
      size_t substance = 0;
      for (char c : text) {
        substance += c != ' ' && c != '(' && c != ')' && c != '\\' && c != '$';
        if (substance > widest + 4) break;
      }
      for (auto it = lo; it != hi; ++it) {
        if (it->range.end > side.range.end) continue;
        if (it->range.size() + 4 >= substance) continue;  // the whole side
        operands_cache[static_cast<size_t>(it - quantities.begin())] = true;
      }
    }
  return operands_cache;
}

std::vector<ClaimMatch> Extractions::Asserts(const std::string& part_id, const ClaimQuery& query) const {
  if (!part_id.empty() && !HasPart(part_id)) return {};
  return claims.Asserts(doc, PartRange(part_id), query);
}

std::vector<ClaimMatch> Extractions::Asserts(const std::string& part_id, std::string_view subject_re,
                                             std::string_view predicate_re) const {
  return Asserts(part_id, ClaimQuery(subject_re, predicate_re));
}

std::string SideError(const EquationSide& side) {
  if (side.value) return "";
  if (!side.expr.ok()) return side.expr.error.empty() ? "not an expression" : side.expr.error;
  return Evaluate(side.expr).error;  // evaluated again: errors are not kept
}

nlohmann::json ToJson(const Span& s) {
  return {{"begin", s.begin}, {"end", s.end}, {"line", s.line}, {"col", s.col}};
}

namespace {

nlohmann::json QuantityJson(const Quantity& q) {
  nlohmann::json j = {{"text", ValidUtf8(q.text)},
                      {"value", ExactString(q.value)},
                      {"unit", q.unit ? q.unit->symbol : ""},
                      {"dimension", q.dimension()},
                      {"base_value", ExactString(q.base_value)},
                      {"sig_figs", q.sig_figs},
                      {"approx", q.approx},
                      {"span", ToJson(q.span)}};
  if (q.upper) j["upper"] = ExactString(*q.upper);
  return j;
}

}  // namespace

// Texts are the response's bytes (verbatim in the extractions); JSON needs
// valid UTF-8, so bytes that are not become U+FFFD here.
nlohmann::json ToJson(const Extractions& x) {
  nlohmann::json j;
  j["strategy"] = x.parts.strategy;
  j["parts"] = nlohmann::json::array();
  for (const FoundPart& p : x.parts.parts) {
    nlohmann::json pj = {{"id", p.id}, {"label", p.label}, {"how", p.how}, {"span", ToJson(p.span)}};
    if (p.unsure) pj["unsure"] = true;
    pj["end"] = ToJson(x.doc.MakeSpan(p.range.end, p.range.end));
    pj["final_answers"] = nlohmann::json::array();
    std::vector<FinalAnswer> answers = x.FinalAnswers(p.id);
    for (size_t k = 0; k < answers.size() && k < 5; ++k) {
      nlohmann::json a = QuantityJson(x.quantities[answers[k].quantity]);
      a["weight"] = answers[k].weight;
      a["reasons"] = answers[k].reasons;
      pj["final_answers"].push_back(a);
    }
    j["parts"].push_back(pj);
  }
  j["missing_parts"] = x.parts.missing;
  if (!x.parts.section.how.empty()) {
    const Section& s = x.parts.section;
    j["section"] = {{"how", s.how}, {"heading", ValidUtf8(s.heading)}, {"span", ToJson(x.doc.MakeSpan(s.range))}};
  }
  j["quantities"] = nlohmann::json::array();
  for (const Quantity& q : x.quantities) j["quantities"].push_back(QuantityJson(q));
  j["equations"] = nlohmann::json::array();
  for (const Equation& e : x.equations) {
    nlohmann::json ej = {{"text", ValidUtf8(e.text)}, {"truth", TruthName(e.truth)}, {"span", ToJson(e.span)}};
    ej["sides"] = nlohmann::json::array();
    for (const EquationSide& s : e.sides) {
      nlohmann::json sj = {{"text", ValidUtf8(s.text)}, {"value", s.value ? nlohmann::json(s.value->ToString()) : nlohmann::json(nullptr)}};
      if (s.value && !s.value->is_exact()) sj["approximate"] = true;
      if (std::string why = SideError(s); !why.empty()) sj["error"] = ValidUtf8(why);
      ej["sides"].push_back(sj);
    }
    j["equations"].push_back(ej);
  }
  j["diagnostics"] = nlohmann::json::array();
  for (const Diagnostic& d : x.diagnostics)
    j["diagnostics"].push_back({{"message", ValidUtf8(d.message)}, {"span", ToJson(d.span)}});
  return j;
}

}  // namespace grader
