#include "reports/file_names.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "grader/base/sha256.h"
#include "grader/base/utf8.h"

namespace grader {
namespace {

bool Kept(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'; }

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool DeviceName(const std::string& id) {
  std::string stem = Lower(id.substr(0, id.find('.')));
  static const std::set<std::string> kNames = {"con", "prn", "aux", "nul"};
  if (kNames.count(stem)) return true;
  return stem.size() == 4 && (stem.rfind("com", 0) == 0 || stem.rfind("lpt", 0) == 0) && stem[3] >= '1' && stem[3] <= '9';
}

// `id` cut to at most `limit` bytes (never inside what was one '_').
std::string Fit(const std::string& safe, const std::string& original, size_t limit) {
  if (safe.size() <= limit) return safe;
  std::string hash = Sha256Hex(original).substr(0, 8);
  return safe.substr(0, limit - hash.size() - 1) + "-" + hash;
}

std::string Natural(const std::string& id) {
  std::string out;
  for (size_t i = 0; i < id.size();) {
    if (Kept(id[i])) {
      out += id[i];
      ++i;
      continue;
    }
    // One '_' per character: a valid UTF-8 sequence, or one byte that is not
    // part of one.
    size_t n = Utf8Length(id, i);
    out += '_';
    i += n ? n : 1;
  }
  for (char& c : out) {
    if (c != '.') break;
    c = '_';
  }
  if (!out.empty() && out.back() == '.') out.back() = '_';  // Windows drops a trailing dot
  if (out.empty()) out = "_";
  if (DeviceName(out)) out = "_" + out;
  return Fit(out, id, kMaxFileIdBytes);
}

}  // namespace

std::string QuoteId(std::string_view id) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  size_t shown = std::min<size_t>(id.size(), 60);
  for (size_t i = 0; i < shown; ++i) {
    unsigned char b = static_cast<unsigned char>(id[i]);
    if (b < 0x20 || b >= 0x7F || b == '\\' || b == '\'') {
      out += "\\x";
      out += kHex[b >> 4];
      out += kHex[b & 15];
    } else {
      out += static_cast<char>(b);
    }
  }
  if (shown < id.size()) out += "... (" + std::to_string(id.size()) + " bytes)";
  return "'" + out + "'";
}

std::vector<std::string> SafeFileIds(const std::vector<std::string>& ids, std::vector<std::string>* notes) {
  std::vector<std::string> natural(ids.size()), lower(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    natural[i] = Natural(ids[i]);
    lower[i] = Lower(natural[i]);
  }
  // First pass: the first id with a given natural form (ignoring case) owns it.
  std::set<std::string> taken;
  std::map<std::string, size_t> owner_of;  // lower-case natural form -> its owner
  std::vector<bool> owner(ids.size(), false);
  for (size_t i = 0; i < ids.size(); ++i) {
    owner[i] = owner_of.emplace(lower[i], i).second;
    taken.insert(lower[i]);
  }
  // Second pass: the others take the smallest free "-N". Each form counts on
  // from the N its last collider took (every smaller one is taken by then),
  // so 20,000 ids of one form cost n log n, not n^2.
  std::map<std::string, int> next_n;  // lower-case natural form -> first N to try
  std::vector<std::string> out(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    out[i] = natural[i];
    std::string collides_with;
    if (!owner[i]) {
      collides_with = ids[owner_of[lower[i]]];
      for (int& n = next_n.emplace(lower[i], 2).first->second;; ++n) {
        std::string suffix = "-" + std::to_string(n);
        std::string base = natural[i].size() + suffix.size() > kMaxFileIdBytes
                               ? natural[i].substr(0, kMaxFileIdBytes - suffix.size())
                               : natural[i];
        std::string candidate = base + suffix;
        if (taken.insert(Lower(candidate)).second) {
          out[i] = candidate;
          ++n;
          break;
        }
      }
    }
    if (notes && out[i] != ids[i]) {
      std::string note = "id " + QuoteId(ids[i]) + " is written as '" + out[i] + "'";
      if (!owner[i]) note += " (it collides with " + QuoteId(collides_with) + ")";
      notes->push_back(note);
    }
  }
  return out;
}

}  // namespace grader
