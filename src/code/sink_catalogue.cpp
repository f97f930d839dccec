// See sink_catalogue.hpp.
#include "code/sink_catalogue.hpp"

#include <sstream>

namespace sentinel::data {
extern const std::string_view k_sinks_txt;
}  // namespace sentinel::data

namespace sentinel::code {

std::vector<Sink> parse_sinks(std::string_view text, std::vector<std::string>& errors) {
  std::vector<Sink> out;
  std::istringstream in{std::string(text)};
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (const auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::istringstream fields(line);
    std::string module, qualname, when, extra;
    if (!(fields >> module)) continue;
    if (!(fields >> qualname >> when) || (fields >> extra)) {
      errors.push_back("sinks line " + std::to_string(number) + ": expected `module qualname when`");
      continue;
    }
    Sink s{module + "." + qualname, Sink::When::Always, {}};
    if (when.starts_with("if:")) {
      s.when = Sink::When::IfKeyword;
      s.keyword = when.substr(3);
    } else if (when.starts_with("unless:")) {
      s.when = Sink::When::UnlessKeyword;
      s.keyword = when.substr(7);
    } else if (when != "always") {
      errors.push_back("sinks line " + std::to_string(number) + ": unknown condition " + when);
      continue;
    }
    out.push_back(std::move(s));
  }
  return out;
}

const std::vector<Sink>& sink_catalogue() {
  static const std::vector<Sink> sinks = [] {
    std::vector<std::string> errors;
    return parse_sinks(data::k_sinks_txt, errors);
  }();
  return sinks;
}

}  // namespace sentinel::code
