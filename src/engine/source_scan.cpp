// See source_scan.hpp.
#include "engine/source_scan.hpp"

#include "code/python_tree.hpp"
#include "code/unpinned_downloads.hpp"
#include "code/taint_flow.hpp"
#include "code/unsafe_loads.hpp"
#include "rules/catalogue.hpp"

namespace sentinel::engine {
namespace {

Location source_location(const std::string& path, std::uint32_t line, std::uint32_t column) {
  Location loc;
  loc.path = path;
  loc.line = line;
  loc.column = column;
  return loc;
}

// "pickle.Unpickler.load" -> module "pickle.Unpickler", name "load".
void set_global(Finding& f, const std::string& target) {
  const auto dot = target.rfind('.');
  f.module = target.substr(0, dot);
  f.name = target.substr(dot + 1);
}

}  // namespace

FileReport scan_source(std::string_view bytes, const std::string& display_path) {
  FileReport r;
  r.path = display_path;
  r.format = "python";
  r.size = bytes.size();
  const code::PythonTree tree{std::string(bytes)};
  // A file with syntax errors is still analysed where the tree allows; the
  // report says so, as it may hide calls.
  if (tree.has_errors()) r.error = "syntax errors: analysed where the parse tree allows";
  const code::NameResolver names(tree);
  const code::TaintFlow flow(tree, names, code::source_catalogue());
  for (const auto& call : code::find_unsafe_loads(tree, names, code::sink_catalogue(), &flow)) {
    std::string evidence = "`" + call.snippet + "` calls " + call.target;
    if (call.written != call.target) evidence += " (written `" + call.written + "`)";
    if (!call.condition.empty()) evidence += " " + call.condition;
    // One finding per call: a proven flow replaces UNSAFE-LOAD with TAINTED-LOAD.
    if (call.flow.empty()) {
      evidence += "; whatever file or bytes reach it can run code";
    } else {
      evidence += "; untrusted data reaches it:";
      for (const auto& step : call.flow) {
        evidence += " [" + display_path + ":" + std::to_string(step.line) + " " + step.what + ": `" + step.snippet + "`]";
      }
      evidence += " -> [" + display_path + ":" + std::to_string(call.line) + " the load]";
    }
    const rules::RuleInfo& rule =
        *rules::find_rule(call.flow.empty() ? "PICKLE-SRC-UNSAFE-LOAD" : "PICKLE-SRC-TAINTED-LOAD");
    Finding f = rules::make_finding(rule, source_location(display_path, call.line, call.column), std::move(evidence),
                                    display_path);
    set_global(f, call.target);
    r.findings.push_back(std::move(f));
  }
  const rules::RuleInfo& unpinned = *rules::find_rule("PICKLE-SRC-UNPINNED");
  for (const auto& call : code::find_unpinned_downloads(tree, names, code::download_catalogue())) {
    std::string evidence = "`" + call.snippet + "` downloads with " + call.target + ": " + call.why;
    if (call.trust_remote_code) evidence += "; trust_remote_code=True also runs the repository's code";
    Finding f = rules::make_finding(unpinned, source_location(display_path, call.line, call.column),
                                    std::move(evidence), display_path);
    // The spec raises it to HIGH when the repository's own code runs too.
    if (call.trust_remote_code) {
      f.severity = Severity::High;
      f.release_decision = std::string(rules::release_decision(Severity::High));
    }
    set_global(f, call.target);
    r.findings.push_back(std::move(f));
  }
  return r;
}

}  // namespace sentinel::engine
