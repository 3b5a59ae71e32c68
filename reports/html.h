// Escaping for the markup the reports write. Everything that comes from a
// submission (ids, quotes, errors, model names) and from a rubric passes
// through here before it reaches HTML or Markdown, so a response containing
// "<script>" shows as text and a malformed byte cannot break the page.
//
//   HtmlEscape("<b>\"x\" & 'y'</b>")  // "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;"
//   MarkdownEscape("a_b *c* <d>")      // "a\_b \*c\* \<d\>"
//   CleanText("ok\x01\xff")            // "ok\uFFFD\uFFFD" (as UTF-8)
#ifndef GRADER_REPORTS_HTML_H_
#define GRADER_REPORTS_HTML_H_

#include <string>
#include <string_view>

namespace grader {

// Returns `text` as valid UTF-8 with every invalid byte sequence and every
// control character except tab and newline (C0, DEL, C1) replaced by U+FFFD.
// A CR LF pair becomes LF; a lone CR becomes LF.
std::string CleanText(std::string_view text);

// Returns CleanText(text) with & < > " ' replaced by entities, safe inside
// element content and inside single- or double-quoted attribute values.
std::string HtmlEscape(std::string_view text);
// Appends HtmlEscape(text) to *out (pages are assembled without temporaries).
void AppendHtmlEscaped(std::string* out, std::string_view text);

// Returns CleanText(text) with Markdown's punctuation (\ ` * _ [ ] < > | ~ & #
// !) backslash-escaped and newlines turned into spaces, for inline text and
// table cells: it renders as itself and cannot open HTML, links or cells.
std::string MarkdownEscape(std::string_view text);

}  // namespace grader

#endif  // GRADER_REPORTS_HTML_H_
