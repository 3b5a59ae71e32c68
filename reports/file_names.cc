#include "reports/file_names.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <unordered_set>
#include <cstdint>
#include <functional>
#include <utility>

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

std::vector<std::pair<size_t, std::string>> SafeFileIdChanges(size_t n,
                                                              const std::function<std::string_view(size_t)>& id,
                                                              std::vector<std::string>* notes) {
  // Every id's lower-case natural form, as a hash (sorted with the index):
  // 16 bytes per id. The forms themselves are computed again when needed.
  auto form = [&](size_t i) { return Lower(Natural(std::string(id(i)))); };
  std::vector<std::pair<uint64_t, uint32_t>> hashes(n);
  for (size_t i = 0; i < n; ++i) hashes[i] = {std::hash<std::string>()(form(i)), static_cast<uint32_t>(i)};
  std::sort(hashes.begin(), hashes.end());
  // The first id with lower-case natural form `lower`, or n when none has it.
  auto first_with = [&](const std::string& lower) {
    uint64_t h = std::hash<std::string>()(lower);
    auto it = std::lower_bound(hashes.begin(), hashes.end(), std::make_pair(h, uint32_t{0}));
    for (; it != hashes.end() && it->first == h; ++it)
      if (form(it->second) == lower) return static_cast<size_t>(it->second);
    return n;
  };
  // The first id with a given natural form (ignoring case) owns it; the
  // others take the smallest free "-N", never a form some id has on its
  // own or an earlier one took. Each form counts on from the N its last
  // collider took (every smaller one is taken by then), so 20,000 ids of
  // one form cost n log n, not n^2.
  std::unordered_set<std::string> assigned;  // lower-case forms given as "-N"
  std::map<std::string, int> next_n;         // lower-case natural form -> first N to try
  std::vector<std::pair<size_t, std::string>> out;
  for (size_t i = 0; i < n; ++i) {
    const std::string original(id(i));
    std::string natural = Natural(original);
    const std::string lower = Lower(natural);
    const size_t owner = first_with(lower);
    std::string file_id = natural;
    if (owner != i) {
      for (int& k = next_n.emplace(lower, 2).first->second;; ++k) {
        std::string suffix = "-" + std::to_string(k);
        std::string base = natural.size() + suffix.size() > kMaxFileIdBytes
                               ? natural.substr(0, kMaxFileIdBytes - suffix.size())
                               : natural;
        std::string candidate = base + suffix;
        std::string candidate_lower = Lower(candidate);
        if (first_with(candidate_lower) == n && assigned.insert(candidate_lower).second) {
          file_id = candidate;
          ++k;
          break;
        }
      }
    }
    if (file_id == original) continue;
    if (notes) {
      std::string note = "id " + QuoteId(original) + " is written as '" + file_id + "'";
      if (owner != i) note += " (it collides with " + QuoteId(id(owner)) + ")";
      notes->push_back(note);
    }
    out.emplace_back(i, std::move(file_id));
  }
  return out;
}

std::vector<std::string> SafeFileIds(const std::vector<std::string>& ids, std::vector<std::string>* notes) {
  std::vector<std::string> out = ids;
  for (auto& [i, file_id] : SafeFileIdChanges(ids.size(), [&](size_t i) { return std::string_view(ids[i]); }, notes))
    out[i] = std::move(file_id);
  return out;
}

}  // namespace grader
