// See python_tree.hpp.
#include "code/python_tree.hpp"

#include <unordered_map>

extern "C" const TSLanguage* tree_sitter_python();

namespace sentinel::code {

PythonTree::PythonTree(std::string source) : source_(std::move(source)) {
  // One parser per thread, reused: making one per file costs more than small files do.
  thread_local const std::unique_ptr<TSParser, void (*)(TSParser*)> parser = [] {
    std::unique_ptr<TSParser, void (*)(TSParser*)> p(ts_parser_new(), ts_parser_delete);
    ts_parser_set_language(p.get(), tree_sitter_python());
    return p;
  }();
  tree_.reset(ts_parser_parse_string(parser.get(), nullptr, source_.data(), static_cast<std::uint32_t>(source_.size())));
}

std::string_view PythonTree::text(TSNode node) const {
  const std::uint32_t start = ts_node_start_byte(node);
  const std::uint32_t end = ts_node_end_byte(node);
  if (ts_node_is_null(node) || end < start || end > source_.size()) return {};
  return std::string_view(source_).substr(start, end - start);
}

std::string_view node_type(TSNode node) { return ts_node_is_null(node) ? std::string_view() : ts_node_type(node); }

// Field names to ids once: tree-sitter finds an id by scanning every name.
TSNode field(TSNode node, std::string_view name) {
  static const std::unordered_map<std::string_view, TSFieldId> ids = [] {
    std::unordered_map<std::string_view, TSFieldId> out;
    const TSLanguage* language = tree_sitter_python();
    for (TSFieldId id = 1; id <= ts_language_field_count(language); ++id) {
      if (const char* n = ts_language_field_name_for_id(language, id)) out.emplace(n, id);
    }
    return out;
  }();
  const auto it = ids.find(name);
  return it == ids.end() ? TSNode{} : ts_node_child_by_field_id(node, it->second);
}

}  // namespace sentinel::code
