// See sink_catalogue.hpp.
#include "code/sink_catalogue.hpp"

#include "base/data_lines.hpp"

namespace sentinel::data {
extern const std::string_view k_sinks_txt;
}  // namespace sentinel::data

namespace sentinel::code {

std::vector<Sink> parse_sinks(std::string_view text, std::vector<std::string>& errors) {
  std::vector<Sink> out;
  for_each_data_line(text, [&](const std::vector<std::string>& f, const std::string&, std::size_t line_no) {
    const auto bad = [&] { errors.push_back("sinks line " + std::to_string(line_no) + ": expected `module qualname when`"); };
    if (f.size() != 3) return bad();
    Sink s{f[0] + "." + f[1], Sink::When::Always, {}};
    if (f[2].starts_with("if:")) {
      s.when = Sink::When::IfKeyword;
      s.keyword = f[2].substr(3);
    } else if (f[2].starts_with("unless:")) {
      s.when = Sink::When::UnlessKeyword;
      s.keyword = f[2].substr(7);
    } else if (f[2] != "always") {
      return bad();
    }
    out.push_back(std::move(s));
  });
  return out;
}

const std::vector<Sink>& sink_catalogue() { return compiled_catalogue<Sink, parse_sinks>(data::k_sinks_txt); }

}  // namespace sentinel::code
