// See source_catalogue.hpp.
#include "code/source_catalogue.hpp"

#include <map>

#include "base/data_lines.hpp"

namespace sentinel::data {
extern const std::string_view k_sources_txt;
}  // namespace sentinel::data

namespace sentinel::code {

bool Source::matches(std::string_view name) const {
  if (target.ends_with(".*")) return name.starts_with(std::string_view(target).substr(0, target.size() - 1));
  return name == target;
}

std::vector<Source> parse_sources(std::string_view text, std::vector<std::string>& errors) {
  static const std::map<std::string, Source::Kind, std::less<>> kinds{
      {"call", Source::Kind::Call},           {"value", Source::Kind::Value},
      {"decorated", Source::Kind::Decorated}, {"annotated", Source::Kind::Annotated},
      {"endpoint", Source::Kind::Endpoint},   {"view-class", Source::Kind::ViewClass}};
  std::vector<Source> out;
  for_each_data_line(text, [&](const std::vector<std::string>& f, const std::string&, std::size_t line_no) {
    const auto kind = f.empty() ? kinds.end() : kinds.find(f[0]);
    const bool endpoint = kind != kinds.end() && kind->second == Source::Kind::Endpoint;
    if (kind == kinds.end() || f.size() != (endpoint ? 4U : 2U) ||
        (endpoint && (f[2].empty() || f[2].size() > 2 || f[2].find_first_not_of("0123456789") != std::string::npos))) {
      errors.push_back("sources line " + std::to_string(line_no) +
                       ": expected `call|value|decorated|annotated|view-class target` or `endpoint target position keyword`");
      return;
    }
    Source s{kind->second, f[1], 0, {}};
    if (endpoint) {
      s.position = static_cast<std::uint32_t>(std::stoul(f[2]));
      s.keyword = f[3];
    }
    out.push_back(std::move(s));
  });
  return out;
}

const std::vector<Source>& source_catalogue() { return compiled_catalogue<Source, parse_sources>(data::k_sources_txt); }

}  // namespace sentinel::code
