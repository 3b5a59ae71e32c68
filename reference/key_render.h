// Renders answer keys: JSON for machines, Markdown for people (a solution
// sheet with every derivation), and the rounded display form of a value.
#ifndef GRADER_REFERENCE_KEY_RENDER_H_
#define GRADER_REFERENCE_KEY_RENDER_H_

#include <nlohmann/json.hpp>
#include <string>

#include "reference/key.h"

namespace grader {

// Rounded, human form of a value in its unit: "2.127e9 parameters",
// "8.51 GB (7.92 GiB)", "66.9%" for shares, "18.18 USD".
std::string DisplayValue(const Value& v, const std::string& unit);

// {"problem", "title", "variant", "parameters", "parts", "answers": {id:
// {"value", "unit", "display", "exact", ...}}}. Values are exact decimal
// strings ("p/q" when no finite decimal exists; 40 digits for
// approximations, marked "exact": false).
nlohmann::ordered_json KeyToJson(const AnswerKey& key);

// The key as a Markdown solution sheet.
std::string KeyToMarkdown(const AnswerKey& key);

}  // namespace grader

#endif  // GRADER_REFERENCE_KEY_RENDER_H_
