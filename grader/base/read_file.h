// Reading a whole local file (a rubric, a roster, an overrides file, a
// problem folder's file), with one message for every failure:
//
//   std::string text = ReadFileOrThrow(path, "rubric");
//   // throws grader::Error "cannot read rubric 'r.json': No such file or directory"
#ifndef GRADER_BASE_READ_FILE_H_
#define GRADER_BASE_READ_FILE_H_

#include <string>

namespace grader {

// The bytes of `path`. `what` names the file for the message ("rubric",
// "roster"; "" for none). Throws grader::Error with the system's reason
// when the file cannot be opened or read, or is a folder.
std::string ReadFileOrThrow(const std::string& path, const std::string& what = "");

}  // namespace grader

#endif  // GRADER_BASE_READ_FILE_H_
