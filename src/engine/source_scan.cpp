// See source_scan.hpp.
#include "engine/source_scan.hpp"

#include "code/python_tree.hpp"
#include "code/unsafe_loads.hpp"
#include "rules/catalogue.hpp"

namespace sentinel::engine {

FileReport scan_source(std::string_view bytes, const std::string& display_path) {
  FileReport r;
  r.path = display_path;
  r.format = "python";
  r.size = bytes.size();
  const code::PythonTree tree{std::string(bytes)};
  // A file with syntax errors is still analysed where the tree allows; the
  // report says so, as it may hide calls.
  if (tree.has_errors()) r.error = "syntax errors: analysed where the parse tree allows";
  const rules::RuleInfo& rule = *rules::find_rule("PICKLE-SRC-UNSAFE-LOAD");
  for (const auto& call : code::find_unsafe_loads(tree, code::sink_catalogue())) {
    std::string evidence = "`" + call.snippet + "` calls " + call.target;
    if (call.written != call.target) evidence += " (written `" + call.written + "`)";
    if (!call.condition.empty()) evidence += " " + call.condition;
    evidence += "; whatever file or bytes reach it can run code";
    Location loc;
    loc.path = display_path;
    loc.line = call.line;
    loc.column = call.column;
    Finding f = rules::make_finding(rule, std::move(loc), std::move(evidence), display_path);
    const auto dot = call.target.rfind('.');
    f.module = call.target.substr(0, dot);
    f.name = call.target.substr(dot + 1);
    r.findings.push_back(std::move(f));
  }
  return r;
}

}  // namespace sentinel::engine
