// See python_tree.hpp.
#include "code/python_tree.hpp"

extern "C" const TSLanguage* tree_sitter_python();

namespace sentinel::code {

PythonTree::PythonTree(std::string source) : source_(std::move(source)) {
  std::unique_ptr<TSParser, void (*)(TSParser*)> parser(ts_parser_new(), ts_parser_delete);
  ts_parser_set_language(parser.get(), tree_sitter_python());
  tree_.reset(ts_parser_parse_string(parser.get(), nullptr, source_.data(), static_cast<std::uint32_t>(source_.size())));
}

std::string_view PythonTree::text(TSNode node) const {
  const std::uint32_t start = ts_node_start_byte(node);
  const std::uint32_t end = ts_node_end_byte(node);
  if (ts_node_is_null(node) || end < start || end > source_.size()) return {};
  return std::string_view(source_).substr(start, end - start);
}

std::string_view node_type(TSNode node) { return ts_node_is_null(node) ? std::string_view() : ts_node_type(node); }

TSNode field(TSNode node, std::string_view name) {
  return ts_node_child_by_field_name(node, name.data(), static_cast<std::uint32_t>(name.size()));
}

}  // namespace sentinel::code
