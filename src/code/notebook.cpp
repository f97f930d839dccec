// See notebook.hpp.
#include "code/notebook.hpp"

#include <nlohmann/json.hpp>

namespace sentinel::code {
namespace {

// A cell's source is a string or a list of strings (nbformat allows both).
std::string cell_source(const nlohmann::json& source) {
  if (source.is_string()) return source.get<std::string>();
  std::string out;
  if (!source.is_array()) return out;
  for (const auto& part : source) {
    if (part.is_string()) out += part.get<std::string>();
  }
  return out;
}

}  // namespace

Expected<NotebookCode> notebook_code(std::string_view json) {
  const auto doc = nlohmann::json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("cells") || !doc["cells"].is_array()) {
    return Error{"not a Jupyter notebook (no JSON `cells` list)"};
  }
  NotebookCode out;
  std::uint32_t cell = 0;
  for (const auto& c : doc["cells"]) {
    ++cell;
    if (!c.is_object() || c.value("cell_type", "") != "code" || !c.contains("source")) continue;
    const std::string source = cell_source(c["source"]);
    if (source.starts_with("%%")) continue;
    std::uint32_t line = 0;
    for (std::size_t start = 0; start < source.size() || line == 0;) {
      const std::size_t end = std::min(source.find('\n', start), source.size());
      std::string text = source.substr(start, end - start);
      const std::size_t indent = text.find_first_not_of(" \t");
      if (indent != std::string::npos && (text[indent] == '%' || text[indent] == '!')) {
        text = text.substr(0, indent) + "pass";
      }
      out.text += text;
      out.text.push_back('\n');
      out.lines.push_back(CellLine{cell, ++line});
      start = end + 1;
    }
  }
  return out;
}

}  // namespace sentinel::code
