// See source_scan.hpp.
#include "engine/source_scan.hpp"

#include <map>
#include <tuple>

#include "code/program.hpp"
#include "code/taint_flow.hpp"
#include "code/unpinned_downloads.hpp"
#include "code/unsafe_loads.hpp"
#include "rules/catalogue.hpp"

namespace sentinel::engine {
namespace {

// "pickle.Unpickler.load" -> module "pickle.Unpickler", name "load".
void set_global(Finding& f, const std::string& target) {
  const auto dot = target.rfind('.');
  f.module = target.substr(0, dot);
  f.name = target.substr(dot + 1);
}

class ProgramScan {
 public:
  explicit ProgramScan(std::vector<ParsedSource>& sources) : reports_(sources.size()) {
    for (std::size_t i = 0; i < sources.size(); ++i) {
      ParsedSource& s = sources[i];
      FileReport& r = reports_[i];
      r.path = s.path;
      r.format = s.format;
      r.size = s.size;
      r.error = s.error;
      if (!s.tree) {
        r.status = s.skipped ? FileStatus::Skipped : FileStatus::Error;
        continue;
      }
      // Still analysed where the tree allows; the report says so, as it may hide calls.
      if (s.tree->has_errors()) r.error = "syntax errors: analysed where the parse tree allows";
      report_of_.push_back(i);
      cells_.push_back(std::move(s.cells));
      program_.add(s.path, std::move(s.tree));
    }
    program_.link();
  }

  std::vector<FileReport> run() {
    const code::TaintFlow flow(program_, code::source_catalogue(), code::sink_catalogue());
    for (std::size_t m = 0; m < program_.modules().size(); ++m) {
      downloads_.push_back(code::find_unpinned_downloads(program_, m, code::download_catalogue()));
    }
    for (std::size_t m = 0; m < program_.modules().size(); ++m) {
      for (const auto& call : code::find_unsafe_loads(program_, m, code::sink_catalogue(), &flow)) {
        sink_finding(m, call);
      }
    }
    for (std::size_t m = 0; m < program_.modules().size(); ++m) {
      for (const auto& call : downloads_[m]) download_finding(m, call);
    }
    return std::move(reports_);
  }

 private:
  // `path:line`, or `path!cell-3:line` in a notebook.
  Location location(std::size_t module, std::uint32_t line, std::uint32_t column) const {
    Location loc;
    loc.path = program_.modules()[module].path;
    loc.line = line;
    loc.column = column;
    const auto& cells = cells_[module];
    if (!cells.empty() && line >= 1 && line <= cells.size()) {
      loc.chain.push_back("cell-" + std::to_string(cells[line - 1].cell));
      loc.line = cells[line - 1].line;
    }
    return loc;
  }

  std::string where(std::size_t module, std::uint32_t line) const {
    Location loc = location(module, line, 1);
    std::string out = loc.path;
    for (const auto& entry : loc.chain) out.append(1, '!').append(entry);
    return out + ":" + std::to_string(*loc.line);
  }

  void sink_finding(std::size_t m, const code::SinkCall& call) {
    std::string evidence = "`" + call.snippet + "` calls " + call.target;
    if (call.written != call.target) evidence += " (written `" + call.written + "`)";
    if (!call.condition.empty()) evidence += " " + call.condition;
    // One finding per call: a proven flow replaces UNSAFE-LOAD with TAINTED-LOAD.
    if (call.flow.empty()) {
      evidence += "; whatever file or bytes reach it can run code";
    } else {
      evidence += "; untrusted data reaches it:";
      for (const auto& step : call.flow) {
        evidence += step.line == 0 ? " [... " + step.what + " ...]"
                                   : " [" + where(step.module, step.line) + " " + step.what + ": `" + step.snippet + "`]";
      }
      evidence += " -> [" + where(m, call.line) + " the load]";
      const auto& source = call.flow.front();
      unpickled_.emplace(std::make_tuple(source.module, source.line, source.column),
                         where(m, call.line) + " (" + call.target + ")");
    }
    const rules::RuleInfo& rule =
        *rules::find_rule(call.flow.empty() ? "PICKLE-SRC-UNSAFE-LOAD" : "PICKLE-SRC-TAINTED-LOAD");
    add(m, rule, call.line, call.column, std::move(evidence), call.target);
  }

  void download_finding(std::size_t m, const code::UnpinnedCall& call) {
    std::string evidence = "`" + call.snippet + "` downloads with " + call.target + ": " + call.why;
    if (call.trust_remote_code) evidence += "; trust_remote_code=True also runs the repository's code";
    const auto loaded = unpickled_.find(std::make_tuple(m, call.line, call.column));
    if (loaded != unpickled_.end()) evidence += "; the download is then unpickled at " + loaded->second;
    Finding& f = add(m, *rules::find_rule("PICKLE-SRC-UNPINNED"), call.line, call.column, std::move(evidence),
                     call.target);
    // The spec raises it to HIGH when the repository's code runs too, or its files are unpickled.
    if (call.trust_remote_code || loaded != unpickled_.end()) {
      f.severity = Severity::High;
      f.release_decision = std::string(rules::release_decision(Severity::High));
    }
  }

  Finding& add(std::size_t m, const rules::RuleInfo& rule, std::uint32_t line, std::uint32_t column,
               std::string evidence, const std::string& target) {
    FileReport& r = reports_[report_of_[m]];
    r.findings.push_back(rules::make_finding(rule, location(m, line, column), std::move(evidence), r.path));
    set_global(r.findings.back(), target);
    return r.findings.back();
  }

  std::vector<FileReport> reports_;
  code::Program program_;
  std::vector<std::size_t> report_of_;                 // module -> report
  std::vector<std::vector<code::CellLine>> cells_;     // module -> notebook lines
  std::vector<std::vector<code::UnpinnedCall>> downloads_;
  std::map<std::tuple<std::size_t, std::uint32_t, std::uint32_t>, std::string> unpickled_;  // flow source -> load
};

}  // namespace

ParsedSource parse_source(std::string_view bytes, const std::string& display_path) {
  ParsedSource s;
  s.path = display_path;
  s.size = bytes.size();
  s.format = "python";
  const auto first = bytes.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && bytes[first] == '{') {
    s.format = "notebook";
    auto code = code::notebook_code(bytes);
    if (!code) {
      s.error = code.error().message;
      return s;
    }
    s.cells = std::move(code->lines);
    s.tree = std::make_unique<code::PythonTree>(std::move(code->text));
    return s;
  }
  s.tree = std::make_unique<code::PythonTree>(std::string(bytes));
  return s;
}

std::vector<FileReport> scan_program(std::vector<ParsedSource> sources) { return ProgramScan(sources).run(); }

FileReport scan_source(std::string_view bytes, const std::string& display_path) {
  std::vector<ParsedSource> one;
  one.push_back(parse_source(bytes, display_path));
  return std::move(scan_program(std::move(one)).front());
}

}  // namespace sentinel::engine
