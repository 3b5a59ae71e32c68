// Fuzz target: the Document (document.h) and part segmentation (segment.h).
//
// Invariants, for any input:
// - Document: lines tile the normalised text; units (sentences, list items)
//   lie in the text, in order, without overlapping; code blocks likewise;
//   every diagnostic's span lies in the response;
// - Segments tile the text: the first starts at 0, each starts where the one
//   before ends, the last ends at the end; a label lies in its segment and
//   is the text of its label range; keys are their question, letter and
//   roman parts; only the first segment may be the preamble (key "");
// - MapParts without ids: one part per labelled segment, in order (or the
//   whole text as one part when nothing is labelled);
// - MapParts with ids: every id is found or missing, exactly once; found
//   parts follow the ids' order and lie in the text; parts of distinct
//   letters (a to e) do not overlap; the "questions" strategy cuts the text
//   into consecutive parts;
// - everything is deterministic: the same input maps the same way twice.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "grader/extract/document.h"
#include "grader/extract/segment.h"
#include "tests/fuzz/fuzz_check.h"

namespace grader {
namespace {

using fuzz::Show;

std::string At(const Range& r) { return "[" + std::to_string(r.begin) + ", " + std::to_string(r.end) + ")"; }

void CheckDocument(const Document& doc, const fuzz::SpanChecker& spans) {
  const std::string& t = doc.text();
  size_t next = 0;
  for (const Range& l : doc.lines()) {
    FUZZ_CHECK(l.begin == next && l.end <= t.size() && t.substr(l.begin, l.size()).find('\n') == std::string::npos &&
                   (l.end == t.size() || t[l.end] == '\n'),
               "line " + At(l) + " does not continue the lines before it");
    next = l.end + 1;
  }
  FUZZ_CHECK(!doc.lines().empty() && doc.lines().back().end == t.size(), "lines do not reach the end of the text");
  size_t previous = 0;
  for (const TextUnit& u : doc.units()) {
    spans.Range(u.range, "unit " + At(u.range));
    FUZZ_CHECK(u.range.begin >= previous && u.range.begin < u.range.end,
               "unit " + At(u.range) + " is empty or overlaps the unit before it");
    FUZZ_CHECK(u.block <= u.range.begin, "unit " + At(u.range) + " starts before its block");
    previous = u.range.end;
  }
  previous = 0;
  for (const Range& c : doc.code_blocks()) {
    spans.Range(c, "code block " + At(c));
    FUZZ_CHECK(c.begin >= previous, "code block " + At(c) + " overlaps the one before it");
    previous = c.end;
  }
  for (const Diagnostic& d : doc.diagnostics()) spans.Span(d.span, "diagnostic '" + d.message + "'");
}

void CheckSegments(const Document& doc, const fuzz::SpanChecker& spans, const std::vector<Segment>& segs) {
  const std::string& t = doc.text();
  FUZZ_CHECK(t.empty() == segs.empty(), "text of " + std::to_string(t.size()) + " bytes has " +
                                            std::to_string(segs.size()) + " segments");
  size_t next = 0;
  for (size_t i = 0; i < segs.size(); ++i) {
    const Segment& s = segs[i];
    std::string what = "segment " + std::to_string(i) + " '" + s.key + "' " + At(s.range);
    spans.RangeSpan(s.range, s.span, what);
    FUZZ_CHECK(s.range.begin == next, what + ": does not start where the segment before it ends (" +
                                          std::to_string(next) + ")");
    next = s.range.end;
    FUZZ_CHECK(s.key == s.question + s.letter + s.roman, what + ": key is not question + letter + roman");
    if (s.key.empty()) {
      FUZZ_CHECK(i == 0, what + ": a preamble after a labelled segment");
      continue;
    }
    FUZZ_CHECK(s.range.size() > 0, what + ": a labelled segment is empty");
    spans.Range(s.label_range, what + " label");
    FUZZ_CHECK(s.label_range.begin >= s.range.begin && s.label_range.end <= s.range.end &&
                   s.label_range.begin < s.label_range.end,
               what + ": label " + At(s.label_range) + " outside its segment or empty");
    FUZZ_CHECK(s.label == doc.View(s.label_range), what + ": label " + Show(s.label) + " is not its range's text");
  }
  FUZZ_CHECK(next == t.size(), "segments end at " + std::to_string(next) + ", not at the end of the text");
}

void CheckParts(const Document& doc, const fuzz::SpanChecker& spans, const std::vector<std::string>& ids) {
  PartMap m = MapParts(doc, ids);
  PartMap again = MapParts(doc, ids);
  FUZZ_CHECK(m.strategy == again.strategy && m.parts.size() == again.parts.size() && m.missing == again.missing,
             "MapParts differs on the same input");
  for (size_t i = 0; i < m.parts.size(); ++i)
    FUZZ_CHECK(m.parts[i].id == again.parts[i].id && m.parts[i].range.begin == again.parts[i].range.begin &&
                   m.parts[i].range.end == again.parts[i].range.end,
               "MapParts differs on the same input at part " + m.parts[i].id);
  CheckSegments(doc, spans, m.segments);
  for (const FoundPart& p : m.parts) spans.RangeSpan(p.range, p.span, "part '" + p.id + "' " + At(p.range));
  const std::string& t = doc.text();

  if (ids.empty()) {
    std::vector<const Segment*> labelled;
    for (const Segment& s : m.segments)
      if (!s.key.empty()) labelled.push_back(&s);
    if (labelled.empty()) {
      FUZZ_CHECK(m.strategy == "whole" && m.parts.size() == 1 && m.parts[0].range.begin == 0 &&
                     m.parts[0].range.end == t.size(),
                 "an unlabelled answer is not one whole part (strategy " + m.strategy + ")");
      return;
    }
    FUZZ_CHECK(m.strategy == "labels" && m.parts.size() == labelled.size(),
               "labelled segments and parts differ in number");
    for (size_t i = 0; i < labelled.size(); ++i)
      FUZZ_CHECK(m.parts[i].id == labelled[i]->key && m.parts[i].range.begin == labelled[i]->range.begin &&
                     m.parts[i].range.end == labelled[i]->range.end,
                 "part " + std::to_string(i) + " is not labelled segment '" + labelled[i]->key + "'");
    return;
  }

  // Every id found or missing, once; found parts in the order of the ids.
  size_t k = 0;
  for (const std::string& id : ids) {
    bool found = k < m.parts.size() && m.parts[k].id == id;
    bool missing = std::count(m.missing.begin(), m.missing.end(), id) == 1;
    FUZZ_CHECK(found != missing, "id '" + id + "' is " + (found ? "both found and missing" : "neither found nor missing"));
    if (found) ++k;
  }
  FUZZ_CHECK(k == m.parts.size() && m.parts.size() + m.missing.size() == ids.size(),
             "parts and missing ids do not add up to the ids");
  FUZZ_CHECK(m.strategy == "labels" || m.strategy == "numbers" || m.strategy == "content" || m.strategy == "questions" ||
                 m.strategy == "whole" || m.strategy == "none",
             "unknown strategy '" + m.strategy + "'");
  if (m.strategy == "questions") {
    FUZZ_CHECK(m.parts.size() == ids.size() && m.parts.back().range.end == t.size(), "questions do not cover the text");
    for (size_t i = 0; i + 1 < m.parts.size(); ++i)
      FUZZ_CHECK(m.parts[i].range.end == m.parts[i + 1].range.begin && m.parts[i].range.begin < m.parts[i].range.end,
                 "question parts " + std::to_string(i) + " and " + std::to_string(i + 1) + " are not consecutive");
  }
  if (m.strategy == "labels" || m.strategy == "numbers" || m.strategy == "content") {
    for (size_t i = 0; i < m.parts.size(); ++i)
      for (size_t j = i + 1; j < m.parts.size(); ++j) {
        const Range& a = m.parts[i].range;
        const Range& b = m.parts[j].range;
        FUZZ_CHECK(a.end <= b.begin || b.end <= a.begin, "parts '" + m.parts[i].id + "' " + At(a) + " and '" +
                                                             m.parts[j].id + "' " + At(b) + " overlap");
      }
  }
}

}  // namespace
}  // namespace grader

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace grader;
  Document doc(std::string(reinterpret_cast<const char*>(data), size));
  fuzz::SpanChecker spans(doc);
  CheckDocument(doc, spans);
  std::vector<Segment> segs = Segments(doc);
  CheckSegments(doc, spans, segs);
  CheckParts(doc, spans, {});
  CheckParts(doc, spans, {"a", "b", "c", "d", "e"});
  CheckParts(doc, spans, {"a", "b"});
  return 0;
}
