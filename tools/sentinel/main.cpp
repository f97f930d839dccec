// The sentinel command: a thin shell over the library. Only this file knows
// about flags; exceptions stop here.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "base/terminal_text.hpp"
#include "engine/allowlist_from.hpp"
#include "engine/artifact_scan.hpp"
#include "pickle/assembler.hpp"
#include "pickle/format_hooks.hpp"
#include "policy/baseline.hpp"
#include "policy/judgement.hpp"
#include "policy/policy.hpp"
#include "policy/trusted_globals_merge.hpp"
#include "pickle/machine.hpp"
#include "report/reporters.hpp"
#include "rules/callable_resolution.hpp"
#include "rules/catalogue.hpp"
#include "rules/trust_explanation.hpp"
#include "sentinel/scan.hpp"

namespace {

using namespace sentinel;

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct ScanArgs {
  std::string format = "text";
  std::string output;
  std::string color = "auto";
  std::string baseline;
  std::string policy;  // --policy FILE; empty: look for sentinel-policy.yml
  bool no_policy = false;
  bool quiet = false;
  bool fail_on_skip = false;
};

// The policy in force: --policy FILE, else sentinel-policy.yml in the working
// directory or its parents (the repository that runs the gate), else the
// defaults (--no-policy forces them). Never one found beside the scanned
// files: a downloaded model could ship a policy that disables the rule its
// payload trips, or a malformed one that makes every run an error.
Expected<policy::Policy> resolve_policy(const ScanArgs& args) {
  if (args.no_policy) return policy::Policy{};
  if (!args.policy.empty()) return policy::load_policy(args.policy);
  if (const auto found = policy::find_policy(".")) return policy::load_policy(*found);
  return policy::Policy{};
}

// A progress line on stderr for long scans, only when stderr is a terminal
// (CI logs stay clean), redrawn at most every 100 ms.
void show_progress(ScanOptions& options, bool quiet) {
  if (quiet || ::isatty(STDERR_FILENO) == 0) return;
  options.progress = [last = std::chrono::steady_clock::time_point{}](std::size_t done, std::size_t total) mutable {
    const auto now = std::chrono::steady_clock::now();
    if (done != total && now - last < std::chrono::milliseconds(100)) return;
    last = now;
    std::cerr << "\r\x1b[Kscanned " << done << "/" << total << " file(s)" << (done == total ? "\r\x1b[K" : "")
              << std::flush;
  };
}

// Where a report goes: stdout, or FILE; nullptr (with the error printed)
// when FILE cannot be written.
std::ostream* output_stream(const std::string& path, std::ofstream& file) {
  if (path.empty()) return &std::cout;
  file.open(path, std::ios::binary);
  if (file) return &file;
  std::cerr << "sentinel: cannot write " << path << "\n";
  return nullptr;
}

using ScanFunction = ScanReport (*)(const std::vector<std::string>&, const ScanOptions&);

// `artifact` and `code`: scan, apply the policy and baseline, report, gate.
int run_scan(ScanFunction scan, const std::vector<std::string>& paths, ScanOptions options, const ScanArgs& args) {
  const auto gate_policy = resolve_policy(args);
  if (!gate_policy) {
    std::cerr << gate_policy.error().message << "\n";
    return 2;
  }
  for (const auto& package : policy::whole_packages(*gate_policy)) {
    std::cerr << "sentinel: warning: " << gate_policy->source << " trusts every global of package '" << package
              << "' and its submodules: a pickle may import and call any of them without a PICKLE-GLOBAL-IMPORT "
                 "finding (dangerous callables are still PICKLE-EXEC)\n";
  }
  std::optional<std::set<std::string>> known;
  if (!args.baseline.empty()) {
    auto loaded = policy::load_baseline(args.baseline);
    if (!loaded) {
      std::cerr << "sentinel: " << loaded.error().message << "\n";
      return 2;
    }
    known = std::move(*loaded);
  }
  show_progress(options, args.quiet);
  ScanReport report = scan(paths, options);
  const auto summary = policy::judge(*gate_policy, report,
                                     {.today = policy::today(),
                                      .fail_on_skip = args.fail_on_skip,
                                      .baseline = known ? &*known : nullptr,
                                      .findings_per_rule = options.limits.max_findings_per_rule,
                                      .findings_per_file = options.limits.max_findings_per_file});
  std::ofstream file;
  std::ostream* const destination = output_stream(args.output, file);
  if (destination == nullptr) return 2;
  std::ostream& out = *destination;
  const report::ToolInfo tool{"sentinel", SENTINEL_VERSION, rules::rule_documentation};
  if (args.format == "json") {
    report::write_json(out, report, summary, tool);
  } else if (args.format == "sarif") {
    report::write_sarif(out, report, summary, tool);
  } else {
    const bool tty = args.output.empty() && ::isatty(STDOUT_FILENO) != 0;
    report::write_text(out, report, summary, {.color = args.color == "always" || (args.color == "auto" && tty),
                                              .quiet = args.quiet});
  }
  return report::exit_status(summary);
}

// Prints what the machine saw: one line per import, call, state write and
// anomaly, per stream. `--globals` prints only "module name" per import, the
// form the differential test compares with CPython's find_class.
// `--effects`: per file, the imports (module name) and whether any call,
// state write or mutation is reached, under every reading; the form the
// differential fuzzer (scripts/difftest/pickles.py) compares with CPython.
int run_effects(const std::vector<std::string>& paths, const Limits& limits) {
  for (const auto& path : paths) {
    std::cout << "== " << path << "\n";
    const auto bytes = read_file(path);
    if (!bytes) {
      std::cout << "error cannot read\n";
      continue;
    }
    const auto trace = pickle::trace_pickles(*bytes, limits, pickle::kFormatHooks);
    std::set<std::string> imports;
    std::uint64_t calls = 0;
    for (const auto& s : trace.streams) {
      for (const auto& e : s.events) {
        using pickle::EventKind;
        if (e.kind == EventKind::Call || e.kind == EventKind::Mutate ||
            (e.kind == EventKind::Build && e.subject.is_node())) {
          ++calls;
        }
        if (e.kind != EventKind::Import) continue;
        const auto& g = trace.values.node(e.subject);
        if (g.a.kind == pickle::Kind::Str && g.b.kind == pickle::Kind::Str) {
          // One line per import: a newline or backslash in a name is escaped.
          const auto escaped = [](std::string_view v) {
            std::string out;
            for (const char c : v) {
              if (c == '\\' || c == '\n') out.push_back('\\');
              out.push_back(c == '\n' ? 'n' : c);
            }
            return out;
          };
          imports.insert(escaped(g.a.str()) + " " + escaped(g.b.str()));
        } else {
          imports.insert("? ?");  // computed at load time: stands for any name
        }
      }
    }
    for (const auto& i : imports) std::cout << "import " << i << "\n";
    std::cout << "calls " << calls << "\n";
  }
  return 0;
}

// One pickle's streams and events as the machine saw them.
void print_trace(const pickle::FileTrace& trace, bool globals_only) {
  for (std::size_t i = 0; i < trace.streams.size(); ++i) {
    const auto& s = trace.streams[i];
    if (globals_only && s.file_reader_view) continue;
    if (!globals_only) {
      std::cout << "stream " << i << " bytes " << s.start << ".." << s.end << " protocol " << s.protocol
                << (s.stopped ? " stopped" : "") << (s.broken ? " broken" : "")
                << (s.file_reader_view ? " (file-object reading)" : "") << " opcodes " << s.opcodes << "\n";
    }
    for (const auto& e : s.events) {
      if (globals_only) {
        if (e.kind != pickle::EventKind::Import) continue;
        const auto& g = trace.values.node(e.subject);
        if (g.a.kind == pickle::Kind::Str && g.b.kind == pickle::Kind::Str) std::cout << g.a.str() << " " << g.b.str() << "\n";
        continue;
      }
      std::cout << "  " << e.offset << " " << pickle::opcode_name(e.op) << " ";
      switch (e.kind) {
        case pickle::EventKind::Import: std::cout << "import " << rules::render_value(trace.values, e.subject); break;
        case pickle::EventKind::Call: std::cout << "call " << rules::render_value(trace.values, e.subject, 200); break;
        case pickle::EventKind::Build:
          std::cout << "build " << rules::render_value(trace.values, e.subject) << " <- "
                    << rules::render_value(trace.values, e.detail);
          break;
        case pickle::EventKind::Mutate: std::cout << "mutate " << rules::render_value(trace.values, e.subject); break;
        case pickle::EventKind::PersistentLoad: std::cout << "persistent_load " << rules::render_value(trace.values, e.subject); break;
        case pickle::EventKind::Extension: std::cout << "extension " << rules::render_value(trace.values, e.subject); break;
        case pickle::EventKind::Anomaly: std::cout << pickle::anomaly_name(e.anomaly) << ": " << e.message; break;
      }
      std::cout << "\n";
    }
  }
}

// What `trace` was given: a file, or a member of one named as reports name
// it (file!entry!nested-entry). The file is the shortest prefix before a '!'
// that is one, so a '!' in an entry name stays part of the entry.
struct TraceTarget {
  std::string file;
  std::string member;  // entries joined by '!'; empty: every pickle in the file
};
TraceTarget trace_target(const std::string& arg) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(arg, ec)) return {arg, {}};
  for (auto bang = arg.find('!'); bang != std::string::npos; bang = arg.find('!', bang + 1)) {
    if (std::filesystem::is_regular_file(arg.substr(0, bang), ec)) return {arg.substr(0, bang), arg.substr(bang + 1)};
  }
  return {arg, {}};
}

// Traces every pickle the scan reads in the file, inside containers at any
// depth (or those at or under one member), each after a "== location" line
// unless it is the file itself read from its first byte.
int run_trace(const std::string& arg, bool globals_only, const ScanOptions& options) {
  const TraceTarget target = trace_target(arg);
  const auto bytes = read_file(target.file);
  if (!bytes) {
    std::cerr << "sentinel: cannot read " << target.file << "\n";
    return 2;
  }
  bool shown = false;
  const auto visit = [&](const std::vector<std::string>& chain, std::uint64_t start, const pickle::FileTrace& trace) {
    std::string member;
    for (const auto& entry : chain) member += (member.empty() ? "" : "!") + entry;
    if (!target.member.empty() && member != target.member && !member.starts_with(target.member + "!")) return;
    if (!chain.empty() || start != 0) {
      std::cout << "== " << terminal_safe(target.file + (member.empty() ? "" : "!" + member))
                << (start != 0 ? "@" + std::to_string(start) : "") << "\n";
    }
    print_trace(trace, globals_only);
    shown = true;
  };
  engine::trace_artifact(*bytes, target.file, options, visit);
  if (!shown) {
    std::cerr << terminal_safe(arg) << (target.member.empty() ? ": no pickle stream in it\n" : ": no pickle stream at this member\n");
    return 1;
  }
  return 0;
}

int run_policy_init(const std::string& path, bool force) {
  if (!force && std::ifstream(path).good()) {
    std::cerr << "sentinel: " << path << " exists; use --force to overwrite\n";
    return 2;
  }
  std::ofstream out(path, std::ios::binary);
  out << policy::starter_policy();
  if (!out) {
    std::cerr << "sentinel: cannot write " << path << "\n";
    return 2;
  }
  std::cout << "wrote " << path << "\n";
  return 0;
}

int run_asm(const std::string& input, const std::string& output) {
  const auto source = read_file(input);
  if (!source) {
    std::cerr << "sentinel: cannot read " << input << "\n";
    return 2;
  }
  auto assembled = pickle::assemble(*source);
  if (!assembled) {
    std::cerr << input << ": " << assembled.error().message << "\n";
    return 2;
  }
  std::ofstream out(output, std::ios::binary);
  out << assembled->bytes;
  return out ? 0 : 2;
}

// Rewrites the policy FILE with `globals` added to its trusted_globals: the
// new text is written beside it and renamed over it, so a failure leaves the
// policy as it was.
int merge_into(const std::string& path, const policy::GlobalNames& globals) {
  const auto text = read_file(path);
  if (!text) {
    std::cerr << "sentinel: cannot read " << path << "\n";
    return 2;
  }
  const auto merged = policy::merge_trusted_globals(*text, path, globals);
  if (!merged) {
    std::cerr << merged.error().message << "\n";
    return 2;
  }
  if (merged->added == 0) {
    std::cout << path << ": already trusts every global found\n";
    return 0;
  }
  const std::string temp = path + ".sentinel-merge";
  std::ofstream out(temp, std::ios::binary);
  out << merged->text;
  out.close();
  std::error_code ec;
  if (out) std::filesystem::rename(temp, path, ec);
  if (!out || ec) {
    std::filesystem::remove(temp, ec);
    std::cerr << "sentinel: cannot write " << path << "\n";
    return 2;
  }
  std::cout << "merged " << merged->added << " global(s) into " << path << "'s trusted_globals\n";
  return 0;
}

// Prints the trusted_globals snippet for a folder of trusted artifacts, or
// merges it into a policy; 1 when something in it can never be trusted
// (nothing is merged then), 2 when a file could not be scanned.
int run_allowlist(const std::vector<std::string>& paths, const ScanOptions& options, const std::string& output,
                  const std::string& merge) {
  const auto inventory = engine::inventory_globals(paths, options);
  for (const auto& e : inventory.errors) std::cerr << "sentinel: cannot scan " << e << "\n";
  for (const auto& f : inventory.refused) {
    std::cerr << f.location.display() << ": " << f.rule_id << ": " << f.module << "." << f.name
              << " is not listed: trust never covers a dangerous callable or a risky module (" << f.evidence << ")\n";
  }
  if (!merge.empty()) {
    if (!inventory.errors.empty()) return 2;
    if (!inventory.refused.empty()) {
      std::cerr << "sentinel: nothing merged into " << merge << ": these artifacts are not trustworthy\n";
      return 1;
    }
    return merge_into(merge, inventory.untrusted);
  }
  std::ofstream file;
  std::ostream* const out = output_stream(output, file);
  if (out == nullptr) return 2;
  *out << engine::trusted_globals_yaml(inventory);
  if (!inventory.errors.empty()) return 2;
  return inventory.refused.empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"sentinel: finds malicious pickles in ML artifacts without loading them"};
  app.set_version_flag("--version", std::string("sentinel ") + SENTINEL_VERSION);
  app.require_subcommand(1);

  ScanOptions options;
  std::vector<std::string> paths;
  std::vector<std::string> limit_settings;
  ScanArgs args;
  std::vector<std::string> exclude_files;
  auto* artifact = app.add_subcommand("artifact", "scan model files and folders for malicious pickles");
  auto* code_cmd =
      app.add_subcommand("code", "scan Python sources (*.py, *.ipynb) for code that loads models unsafely");
  for (auto* cmd : {artifact, code_cmd}) {
    cmd->add_option("paths", paths, "files or directories (walked recursively)")->required();
    cmd->add_option("--rule", options.rules, "report only this rule ID or category (PICKLE); repeatable");
    cmd->add_option("--format", args.format, "text, json or sarif (SARIF 2.1.0, for code scanning)")
        ->check(CLI::IsMember({"text", "json", "sarif"}));
    cmd->add_option("--output,-o", args.output, "write the report to FILE");
    cmd->add_option("--jobs,-j", options.jobs, "files scanned in parallel (default: all cores)")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--color", args.color, "auto, always or never")->check(CLI::IsMember({"auto", "always", "never"}));
    cmd->add_option("--baseline", args.baseline,
                    "an earlier --format json report: report and fail only on findings not in it");
    cmd->add_flag("--quiet,-q", args.quiet, "text: only findings that fail and the result line; no progress");
    auto* policy_opt = cmd->add_option("--policy", args.policy,
                                       "policy file (default: sentinel-policy.yml in the working directory or a "
                                       "parent; never one inside the scanned paths)");
    cmd->add_flag("--no-policy", args.no_policy, "ignore any sentinel-policy.yml; use the defaults")
        ->excludes(policy_opt);
    cmd->add_flag("--fail-on-skip", args.fail_on_skip,
                  "a skipped file (not a model format, a link not followed) is not scanned: exit 2, as for errors");
    cmd->add_option("--exclude", options.exclude, "skip paths matching this .gitignore-style pattern; repeatable");
    cmd->add_option("--exclude-from", exclude_files, "read --exclude patterns from FILE (a .gitignore); repeatable");
    cmd->add_option("--limit", limit_settings, "NAME=VALUE; repeatable. Names: " + [] {
      std::string s;
      for (const auto& n : Limits::names()) s += (s.empty() ? "" : ", ") + n;
      return s;
    }());
  }

  std::vector<std::string> trace_paths;
  bool globals_only = false;
  bool effects_only = false;
  auto* trace = app.add_subcommand(
      "trace", "print what the symbolic machine sees in a pickle, or in every pickle of a container");
  trace->add_option("file", trace_paths, "a file, or a member of one as reports name it (model.pt!archive/data.pkl)")
      ->required();
  auto* globals_flag =
      trace->add_flag("--globals", globals_only, "print only the imported globals, one `module name` per line");
  trace->add_flag("--effects", effects_only,
                  "per file: the imports and the number of calls reached under every reading (many files)")
      ->excludes(globals_flag);
  trace->add_option("--limit", limit_settings, "NAME=VALUE; repeatable");

  std::string asm_in;
  std::string asm_out;
  auto* assemble = app.add_subcommand("asm", "assemble a .pasm file (docs/pickle-assembly.md) into pickle bytes");
  assemble->add_option("input", asm_in)->required();
  assemble->add_option("--output,-o", asm_out)->required();

  auto* rules_cmd = app.add_subcommand("rules", "list the rule catalogue");

  auto* policy_cmd = app.add_subcommand("policy", "write or check a sentinel-policy.yml");
  policy_cmd->require_subcommand(1);
  std::string policy_file;
  bool force = false;
  auto* policy_init = policy_cmd->add_subcommand("init", "write a commented starting policy");
  policy_init->add_option("file", policy_file, "where to write it (default: sentinel-policy.yml)");
  policy_init->add_flag("--force", force, "overwrite an existing file");
  auto* policy_check = policy_cmd->add_subcommand("check", "validate a policy file; errors name line and column");
  policy_check->add_option("file", policy_file, "the policy file")->required();

  std::vector<std::string> allowlist_from;
  std::string allowlist_output;
  std::string allowlist_merge;
  auto* allowlist = app.add_subcommand(
      "allowlist", "list the globals trusted artifacts import beyond the built-in allowlist, as a policy snippet");
  allowlist->add_option("--from", allowlist_from, "files or folders of trusted artifacts (walked recursively)")
      ->required();
  auto* allowlist_output_opt = allowlist->add_option("--output,-o", allowlist_output, "write the snippet to FILE");
  allowlist
      ->add_option("--merge", allowlist_merge,
                   "add the globals to this policy file's trusted_globals, keeping the rest of it (and its comments)")
      ->excludes(allowlist_output_opt);
  allowlist->add_option("--limit", limit_settings, "NAME=VALUE; repeatable");

  std::vector<std::string> catalogue_names;
  auto* catalogue = app.add_subcommand(
      "catalogue", "is module.name trusted, why, written by which libraries and generations, and what it does");
  catalogue->add_option("name", catalogue_names, "module.qualname or module:qualname (repeatable)")->required();

  std::string explain_id;
  auto* explain = app.add_subcommand("explain", "print a rule's documentation: what, why, evidence, triage, fix, policy");
  explain->add_option("rule", explain_id, "a rule ID, e.g. PICKLE-EXEC")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  for (const auto& s : limit_settings) {
    if (auto err = options.limits.set(s)) {
      std::cerr << "sentinel: " << *err << "\n";
      return 2;
    }
  }
  for (const auto& f : exclude_files) {
    const auto text = read_file(f);
    if (!text) {
      std::cerr << "sentinel: cannot read " << f << "\n";
      return 2;
    }
    std::istringstream lines(*text);
    for (std::string line; std::getline(lines, line);) options.exclude.push_back(line);
  }
  for (const auto& r : options.rules) {
    const rules::RuleInfo* rule = rules::find_rule(r);
    if (r != "PICKLE" && rule == nullptr) {
      std::cerr << "sentinel: unknown rule ID: " << r << "\n";
      return 2;
    }
    // A rule the command never reports would select nothing, and the scan
    // would pass: a mistake, not a filter.
    if (rule != nullptr && rules::is_source_rule(*rule) != static_cast<bool>(*code_cmd)) {
      std::cerr << "sentinel: " << r << (*code_cmd ? " is an artifact rule: `sentinel artifact` reports it, `code` never does\n"
                                                  : " is a source-code rule: `sentinel code` reports it, `artifact` never does\n");
      return 2;
    }
  }
  try {
    if (*artifact) return run_scan(scan_artifacts, paths, options, args);
    if (*code_cmd) return run_scan(scan_code, paths, options, args);
    if (*trace && effects_only) return run_effects(trace_paths, options.limits);
    if (*trace) {
      if (trace_paths.size() != 1) {
        std::cerr << "sentinel: trace takes one file (or --effects)\n";
        return 2;
      }
      return run_trace(trace_paths[0], globals_only, options);
    }
    if (*assemble) return run_asm(asm_in, asm_out);
    if (*allowlist) return run_allowlist(allowlist_from, options, allowlist_output, allowlist_merge);
    if (*policy_init) return run_policy_init(policy_file.empty() ? std::string(policy::kPolicyFileName) : policy_file, force);
    if (*policy_check) {
      const auto checked = policy::load_policy(policy_file);
      if (!checked) {
        std::cerr << checked.error().message << "\n";
        return 2;
      }
      std::cout << policy_file << ": valid (" << checked->allow.size() << " allow entr"
                << (checked->allow.size() == 1 ? "y" : "ies") << ", " << checked->rules.size() << " rule setting(s))\n";
      return 0;
    }
    if (*catalogue) {
      // Exit 0 when every name is trusted, 1 otherwise: usable as a check.
      int status = 0;
      for (const auto& name : catalogue_names) {
        const auto e = rules::explain_global(rules::GlobalLists::builtin(), name);
        std::cout << e.text;
        if (!e.trusted) status = 1;
      }
      return status;
    }
    if (*explain) {
      std::string id = explain_id;  // rule IDs in any case: pickle-exec is PICKLE-EXEC
      for (char& c : id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      const auto doc = rules::rule_documentation(id);
      if (doc.empty()) {
        std::cerr << "sentinel: unknown rule ID: " << explain_id << " (see `sentinel rules`)\n";
        return 2;
      }
      std::cout << doc;
      return 0;
    }
    if (*rules_cmd) {
      for (const auto& r : rules::rule_catalogue()) {
        std::cout << r.id << "  " << severity_name(r.severity) << "  " << r.title << "\n    " << r.summary << "\n";
      }
      return 0;
    }
  } catch (const std::exception& e) {
    std::cerr << "sentinel: fatal: " << e.what() << "\n";
    return 2;
  }
  return 2;
}
