// A registry of named kinds, filled by static registration objects at
// start-up: solvers, check kinds, report formats, input forms, commands.
//
//   Registry<CheckKind>& Kinds() {
//     static auto* r = new Registry<CheckKind>("check kind");  // never destroyed
//     return *r;
//   }
//   Kinds().Add("numeric", std::make_unique<NumericCheck>());  // in a registration's constructor
//   const CheckKind* k = Kinds().Find("numeric");
//
// Make the registry a function-local static, so that it exists before the
// first registration whatever the order of static initialisation, and never
// destroy it (registrations outlive main's locals). A duplicate name is a
// programming error: it aborts at start-up with a message naming the kind.
#ifndef GRADER_BASE_REGISTRY_H_
#define GRADER_BASE_REGISTRY_H_

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace grader {

template <typename T>
class Registry {
 public:
  // `what` names the kind in the duplicate message ("check kind").
  explicit Registry(const char* what) : what_(what) {}

  void Add(const std::string& name, std::unique_ptr<T> item) {
    if (!items_.emplace(name, std::move(item)).second) {
      std::fprintf(stderr, "grader: internal error: %s '%s' registered twice\n", what_, name.c_str());
      std::abort();
    }
  }
  // Returns the item registered as `name`, or nullptr.
  const T* Find(const std::string& name) const {
    auto it = items_.find(name);
    return it == items_.end() ? nullptr : it->second.get();
  }
  // Returns every item, in name order (so nothing depends on link order).
  std::vector<const T*> All() const {
    std::vector<const T*> out;
    out.reserve(items_.size());
    for (const auto& [name, item] : items_) out.push_back(item.get());
    return out;
  }
  std::vector<std::string> Names() const {
    std::vector<std::string> out;
    for (const auto& [name, item] : items_) out.push_back(name);
    return out;
  }

 private:
  const char* what_;
  std::map<std::string, std::unique_ptr<T>> items_;
};

}  // namespace grader

#endif  // GRADER_BASE_REGISTRY_H_
