// Where and why nlohmann::json refused a text, for "file:line:col: message"
// errors (json_source.h, the seed importer, problem files).
//
//   try { json::parse(text); } catch (const nlohmann::json::exception& e) {
//     size_t at = JsonErrorOffset(text, e);   // byte offset of the problem
//     std::string why = JsonErrorMessage(e);  // "parse error at line 1, ..."
//   }
//
// json::parse throws parse_error, which carries the offset, and also
// out_of_range 406 for a number too large for a double ("1e999"), which
// does not; that number is then found in the text, outside strings.
#ifndef GRADER_BASE_JSON_ERROR_H_
#define GRADER_BASE_JSON_ERROR_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace grader {

// Returns the byte offset in `text` that the exception from parsing `text`
// points at (0 when it names no place).
size_t JsonErrorOffset(std::string_view text, const nlohmann::json::exception& e);

// Returns the exception's message without nlohmann's "[json.exception...]"
// prefix: "parse error at line 3, column 15: ...", "number overflow parsing
// '1e999'".
std::string JsonErrorMessage(const nlohmann::json::exception& e);

}  // namespace grader

#endif  // GRADER_BASE_JSON_ERROR_H_
