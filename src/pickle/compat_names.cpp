// Lookup over the generated _compat_pickle tables.
#include "pickle/compat_names.hpp"

namespace sentinel::pickle {
namespace {

struct NameMapping {
  std::string_view module2, name2, module3, name3;
};
struct ImportMapping {
  std::string_view module2, module3;
};

#include "pickle/compat_names_data.inc"

}  // namespace

std::pair<std::string_view, std::string_view> map_python2_name(std::string_view module, std::string_view name) {
  // find_class: NAME_MAPPING first, then IMPORT_MAPPING on the module alone.
  for (const auto& m : kNameMapping) {
    if (m.module2 == module && m.name2 == name) return {m.module3, m.name3};
  }
  for (const auto& m : kImportMapping) {
    if (m.module2 == module) return {m.module3, name};
  }
  return {module, name};
}

}  // namespace sentinel::pickle
