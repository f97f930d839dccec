// See torchscript_code.hpp. Names are resolved as SourceImporterImpl does
// (torch/csrc/jit/serialization/import_source.cpp): `torch` is namespace
// aten, `ops.<ns>` any operator namespace, `__torch__.*` the archive's own
// code; a local bound to one of those (`s = torch.save`, `a = ops.aten`,
// `getattr(torch, "save")`, all accepted by the TorchScript compiler) stands
// for it wherever it is used. Binding is file-wide and flow-insensitive: a
// name bound twice may be either, so an alias is over-reported, never missed.
#include "code/torchscript_code.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "base/data_lines.hpp"
#include "code/name_resolver.hpp"
#include "code/python_tree.hpp"
#include "rules/callable_resolution.hpp"
#include "rules/catalogue.hpp"

namespace sentinel::data {
extern const std::string_view k_torchscript_txt;
}  // namespace sentinel::data

namespace sentinel::code {
namespace {

constexpr std::size_t kMaxCandidates = 8;  // what one expression may name, at most

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

std::vector<std::string> split_dotted(std::string_view dotted) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = dotted.find('.', start);
    parts.emplace_back(dotted.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) return parts;
    start = dot + 1;
  }
}

// The value of a plain string literal ("save", 'save', r"save"), or nullopt.
std::optional<std::string> string_literal(std::string_view text) {
  bool raw = false;
  while (!text.empty() && (text[0] == 'r' || text[0] == 'R' || text[0] == 'u' || text[0] == 'U')) {
    raw = raw || text[0] == 'r' || text[0] == 'R';
    text.remove_prefix(1);
  }
  for (const std::string_view quote : {"\"\"\"", "'''", "\"", "'"}) {
    if (text.size() >= 2 * quote.size() && text.starts_with(quote) && text.ends_with(quote)) {
      const std::string_view body = text.substr(quote.size(), text.size() - 2 * quote.size());
      if (!raw && body.find('\\') != std::string_view::npos) return std::nullopt;
      return std::string(body);
    }
  }
  return std::nullopt;
}

bool same(TSNode a, TSNode b) { return !ts_node_is_null(a) && !ts_node_is_null(b) && ts_node_eq(a, b); }

// Pre-order walk of the named nodes with their ancestors (innermost last) and
// the field they are in. A cursor walk: iterative, linear whatever the nesting
// (ts_node_parent walks down from the root, quadratic on deep input).
template <typename F>
void walk(TSNode root, F&& visit) {
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  std::vector<TSNode> ancestors;
  for (;;) {
    const TSNode node = ts_tree_cursor_current_node(&cursor);
    if (ts_node_is_named(node)) {
      const char* f = ts_tree_cursor_current_field_name(&cursor);
      visit(node, ancestors, f == nullptr ? std::string_view() : std::string_view(f));
    }
    if (ts_tree_cursor_goto_first_child(&cursor)) {
      ancestors.push_back(node);
      continue;
    }
    while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
      if (!ts_tree_cursor_goto_parent(&cursor)) {
        ts_tree_cursor_delete(&cursor);
        return;
      }
      ancestors.pop_back();
    }
  }
}

// The named children of a node, by one cursor pass (indexing is linear per child).
std::vector<TSNode> named_children(TSNode node, std::size_t max = SIZE_MAX) {
  std::vector<TSNode> out;
  TSTreeCursor cursor = ts_tree_cursor_new(node);
  for (bool more = ts_tree_cursor_goto_first_child(&cursor); more && out.size() < max;
       more = ts_tree_cursor_goto_next_sibling(&cursor)) {
    const TSNode child = ts_tree_cursor_current_node(&cursor);
    if (ts_node_is_named(child)) out.push_back(child);
  }
  ts_tree_cursor_delete(&cursor);
  return out;
}

TSNode first_named_child(TSNode node) {
  const auto c = named_children(node, 1);
  return c.empty() ? TSNode{} : c[0];
}

// What a judged name is and why it is reported.
struct Judgement {
  std::string target, module, name, why;
};

class RecordAnalysis {
 public:
  RecordAnalysis(const TorchScriptCatalogue& catalogue, std::string_view source)
      : catalogue_(catalogue), tree_(std::string(source)) {}

  // The operations in source order, at most `max` of them; `more` counts the rest.
  std::vector<TorchScriptOperation> run(std::size_t max, std::size_t& more) {
    const TSNode root = tree_.root();
    each_node(root, [&](TSNode n) { bind(n); });
    std::vector<TorchScriptOperation> out;
    std::unordered_set<std::string> seen;  // line and target, reported once
    walk(root, [&](TSNode n, const std::vector<TSNode>& ancestors, std::string_view in_field) {
      if (!evaluated(n, ancestors, in_field)) return;
      for (const auto& dotted : resolve(n, 0)) {
        auto j = judge(dotted);
        if (!j) continue;
        const TSPoint at = ts_node_start_point(n);
        if (!seen.insert(std::to_string(at.row) + "\n" + j->target).second) continue;
        if (out.size() >= max) {
          ++more;
          continue;
        }
        TorchScriptOperation op;
        op.line = at.row + 1;
        op.column = at.column + 1;
        op.spelling = one_line(tree_.text(n));
        op.target = std::move(j->target);
        op.module = std::move(j->module);
        op.name = std::move(j->name);
        op.why = std::move(j->why);
        op.function = enclosing_function(ancestors);
        op.source_line = one_line(line_text(at.row));
        out.push_back(std::move(op));
      }
    });
    return out;
  }

 private:
  struct Binding {
    TSNode value{};     // the expression bound, or null
    std::string fixed;  // an import's dotted target
  };

  void bind_opaque(TSNode target) {
    if (node_type(target) == "identifier") {
      bindings_.emplace(std::string(tree_.text(target)), Binding{});
      return;
    }
    // Patterns (`a, b = ...`, `for i, x in ...`): every name they bind, not
    // the attribute names or subscripts in them (`self.x, y = ...`).
    walk(target, [&](TSNode n, const std::vector<TSNode>& ancestors, std::string_view) {
      if (node_type(n) != "identifier" || ancestors.empty()) return;
      const auto pt = node_type(ancestors.back());
      if (pt == "pattern_list" || pt == "tuple_pattern" || pt == "list_pattern" || pt == "list_splat_pattern" ||
          pt == "tuple" || pt == "list" || pt == "parenthesized_expression" || pt == "expression_list" ||
          pt == "as_pattern_target") {
        bindings_.emplace(std::string(tree_.text(n)), Binding{});
      }
    });
  }

  // The names of a parameter list, not the names in their annotations
  // (`self: __torch__.M` binds `self`, not `__torch__`).
  void bind_parameters(TSNode parameters) {
    for (TSNode p : named_children(parameters)) {
      const auto type = node_type(p);
      if (type == "default_parameter" || type == "typed_default_parameter") {
        p = field(p, "name");
      } else if (type == "typed_parameter") {
        p = first_named_child(p);
      }
      if (node_type(p) == "list_splat_pattern" || node_type(p) == "dictionary_splat_pattern") p = first_named_child(p);
      if (node_type(p) == "identifier") bindings_.emplace(std::string(tree_.text(p)), Binding{});
    }
  }

  void bind(TSNode n) {
    const auto type = node_type(n);
    if (type == "assignment") {
      const TSNode left = field(n, "left");
      const TSNode right = field(n, "right");
      if (ts_node_is_null(right)) return;  // `w : Tensor`, an attribute declaration
      if (node_type(left) == "identifier") {
        bindings_.emplace(std::string(tree_.text(left)), Binding{right, {}});
      } else {
        bind_opaque(left);
      }
    } else if (type == "augmented_assignment" || type == "for_statement" || type == "for_in_clause") {
      bind_opaque(field(n, "left"));
    } else if (type == "named_expression") {
      bindings_.emplace(std::string(tree_.text(field(n, "name"))), Binding{field(n, "value"), {}});
    } else if (type == "function_definition" || type == "class_definition") {
      bind_opaque(field(n, "name"));
    } else if (type == "parameters" || type == "lambda_parameters") {
      bind_parameters(n);
    } else if (type == "as_pattern_target") {
      bind_opaque(n);
    } else if (type == "import_statement" || type == "import_from_statement") {
      bind_import(n, type == "import_from_statement");
    }
  }

  // TorchScript's importer skips imports; Python would not, and a forged
  // record may be written for either.
  void bind_import(TSNode n, bool from) {
    std::string module;
    if (from) module = std::string(tree_.text(field(n, "module_name")));
    for (const TSNode child : named_children(n)) {
      if (from && same(child, field(n, "module_name"))) continue;
      std::string dotted, local;
      if (node_type(child) == "dotted_name") {
        dotted = std::string(tree_.text(child));
        local = from ? dotted : dotted.substr(0, dotted.find('.'));
        if (!from) dotted = local;
      } else if (node_type(child) == "aliased_import") {
        dotted = std::string(tree_.text(field(child, "name")));
        local = std::string(tree_.text(field(child, "alias")));
      } else {
        continue;
      }
      bindings_.emplace(local, Binding{TSNode{}, from ? module + "." + dotted : dotted});
    }
  }

  // Whether a node is judged: the whole of a dotted name, in a position that
  // reads it (not a name being bound, not a keyword or attribute name).
  bool evaluated(TSNode n, const std::vector<TSNode>& ancestors, std::string_view in_field) const {
    const auto type = node_type(n);
    if (type != "identifier" && type != "attribute" && !(type == "call" && is_getattr(n))) return false;
    if (ancestors.empty()) return true;
    const TSNode parent = ancestors.back();
    const auto pt = node_type(parent);
    if (pt == "attribute") return false;  // the object is judged with its attribute; the attribute name is no read
    if (pt == "argument_list" && ancestors.size() >= 2) {
      if (is_getattr(ancestors[ancestors.size() - 2]) && same(first_named_child(parent), n)) return false;
    }
    if (type != "identifier") return true;
    if (pt == "keyword_argument" || pt == "function_definition" || pt == "class_definition" ||
        pt == "named_expression" || pt == "default_parameter" || pt == "typed_default_parameter") {
      return in_field != "name";
    }
    if (pt == "assignment" || pt == "augmented_assignment" || pt == "for_statement" || pt == "for_in_clause") {
      return in_field != "left";
    }
    return pt != "parameters" && pt != "lambda_parameters" && pt != "typed_parameter" && pt != "list_splat_pattern" &&
           pt != "dictionary_splat_pattern" && pt != "dotted_name" && pt != "aliased_import" &&
           pt != "global_statement" && pt != "nonlocal_statement" && pt != "pattern_list" && pt != "tuple_pattern" &&
           pt != "list_pattern" && pt != "as_pattern_target";
  }

  // `getattr(x, "name")`, which TorchScript accepts with a constant name.
  bool is_getattr(TSNode call) const {
    if (node_type(call) != "call") return false;
    const TSNode callee = field(call, "function");
    return node_type(callee) == "identifier" && tree_.text(callee) == "getattr" && !bindings_.contains("getattr");
  }

  std::vector<std::string> resolve(TSNode n, unsigned depth) {
    if (depth > kMaxExpressionDepth || ts_node_is_null(n)) return {};
    const auto type = node_type(n);
    if (type == "identifier") return resolve_name(std::string(tree_.text(n)), depth);
    if (type == "parenthesized_expression") {
      const auto inner = named_children(n, 2);
      return inner.size() == 1 ? resolve(inner[0], depth + 1) : std::vector<std::string>{};
    }
    if (type == "assignment") return resolve(field(n, "right"), depth + 1);  // `a = b = torch`
    std::string member;
    TSNode object{};
    if (type == "attribute") {
      object = field(n, "object");
      member = std::string(tree_.text(field(n, "attribute")));
    } else if (type == "call" && is_getattr(n)) {
      const auto args = named_children(field(n, "arguments"), 2);
      if (args.size() < 2) return {};
      object = args[0];
      const TSNode name = args[1];
      if (node_type(name) != "string") return {};
      const auto text = string_literal(tree_.text(name));
      if (!text) return {};
      member = *text;
    } else {
      return {};
    }
    std::vector<std::string> out;
    for (const auto& base : resolve(object, depth + 1)) out.push_back(base + "." + member);
    return out;
  }

  // What a name stands for: its bindings in this record, or the global of
  // that name when the record binds none.
  std::vector<std::string> resolve_name(const std::string& name, unsigned depth) {
    if (const auto it = memo_.find(name); it != memo_.end()) return it->second;
    const auto [first, last] = bindings_.equal_range(name);
    if (first == last || in_progress_.contains(name)) return {name};
    in_progress_.insert(name);
    std::vector<std::string> out;
    for (auto it = first; it != last && out.size() < kMaxCandidates; ++it) {
      std::vector<std::string> found;
      if (!it->second.fixed.empty()) {
        found.push_back(it->second.fixed);
      } else if (!ts_node_is_null(it->second.value)) {
        found = resolve(it->second.value, depth + 1);
      }
      for (auto& f : found) {
        if (out.size() < kMaxCandidates && !contains(out, f)) out.push_back(std::move(f));
      }
    }
    in_progress_.erase(name);
    memo_.emplace(name, out);
    return out;
  }

  std::optional<Judgement> judge(const std::string& dotted) const {
    const auto prefixed = [&](const std::string& name) {
      return dotted == name || (dotted.size() > name.size() && dotted.starts_with(name) && dotted[name.size()] == '.');
    };
    for (const auto& [name, why] : catalogue_names()) {
      if (!prefixed(name)) continue;
      const auto dot = dotted.rfind('.');
      Judgement j{dotted, dot == std::string::npos ? "builtins" : dotted.substr(0, dot),
                  dot == std::string::npos ? dotted : dotted.substr(dot + 1), why};
      j.why += "; a Python name, which torch.jit.save never writes: the record was forged";
      return j;
    }
    const auto parts = split_dotted(dotted);
    const auto foreign_class = [&](std::size_t ns) -> std::optional<Judgement> {
      if (parts.size() <= ns || contains(catalogue_.class_namespaces, parts[ns])) return std::nullopt;
      const std::string cls = parts.size() > ns + 1 ? parts[ns + 1] : std::string();
      return Judgement{"torch.classes." + parts[ns] + (cls.empty() ? "" : "." + cls), parts[ns], cls,
                       "a class of namespace '" + parts[ns] +
                           "', not one torch registers for tensor math: native code a library registered"};
    };
    if (parts[0] == "__torch__") {
      // The archive's own code, except the C++ classes under torch.classes.
      if (parts.size() >= 3 && parts[1] == "torch" && parts[2] == "classes") return foreign_class(3);
      return std::nullopt;
    }
    std::size_t ns = 0;
    if (parts[0] == "ops") {
      ns = 1;
    } else if (parts[0] == "torch" && parts.size() >= 2 && parts[1] == "ops") {
      ns = 2;
    } else if (parts[0] == "torch" && parts.size() >= 2 && parts[1] == "classes") {
      return foreign_class(2);
    }
    std::string space, op;
    if (ns > 0) {
      if (parts.size() <= ns) return std::nullopt;
      space = parts[ns];
      op = parts.size() > ns + 1 ? parts[ns + 1] : std::string();
      if (!contains(catalogue_.op_namespaces, space)) {
        return Judgement{space + (op.empty() ? "" : "::" + op), space, op,
                         "an operator of namespace '" + space +
                             "', outside in-process tensor math: registered by a library or reaching other processes"};
      }
    } else if (parts[0] == "torch" && parts.size() == 2) {
      space = "aten", op = parts[1];
    } else if (parts[0] == "torch" && parts.size() == 3 && parts[1] == "autograd") {
      space = "aten", op = parts[2];
    } else {
      return std::nullopt;
    }
    const std::string qualified = space + "::" + op;
    for (const auto& [name, why] : catalogue_ops()) {
      if (name == qualified) return Judgement{qualified, space, op, why};
    }
    return std::nullopt;
  }

  const std::vector<std::pair<std::string, std::string>>& catalogue_names() const;
  const std::vector<std::pair<std::string, std::string>>& catalogue_ops() const;

  std::string enclosing_function(const std::vector<TSNode>& ancestors) const {
    for (auto it = ancestors.rbegin(); it != ancestors.rend(); ++it) {
      if (node_type(*it) == "function_definition") return std::string(tree_.text(field(*it, "name")));
    }
    return {};
  }

  std::string_view line_text(std::uint32_t row) {
    if (line_starts_.empty()) {
      line_starts_.push_back(0);
      const std::string& s = tree_.source();
      for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\n') line_starts_.push_back(i + 1);
      }
    }
    if (row >= line_starts_.size()) return {};
    const std::string& s = tree_.source();
    const std::size_t start = line_starts_[row];
    const std::size_t end = row + 1 < line_starts_.size() ? line_starts_[row + 1] - 1 : s.size();
    return std::string_view(s).substr(start, end - start);
  }

  const TorchScriptCatalogue& catalogue_;
  PythonTree tree_;
  std::unordered_multimap<std::string, Binding> bindings_;
  std::unordered_map<std::string, std::vector<std::string>> memo_;
  std::unordered_set<std::string> in_progress_;
  std::vector<std::size_t> line_starts_;
};

// The catalogue's reasons, by entry (the comment of each `op` and `name` line).
struct Reasons {
  std::vector<std::pair<std::string, std::string>> ops, names;
};

Reasons parse_reasons(std::string_view text) {
  Reasons r;
  for_each_data_line(text, [&](const std::vector<std::string>& f, const std::string& comment, std::size_t) {
    if (f.size() != 2) return;
    if (f[0] == "op") r.ops.emplace_back(f[1], comment.empty() ? "touches files or loaders" : comment);
    if (f[0] == "name") r.names.emplace_back(f[1], comment.empty() ? "reaches files, processes or loaders" : comment);
  });
  return r;
}

const Reasons& reasons() {
  static const Reasons r = parse_reasons(data::k_torchscript_txt);
  return r;
}

const std::vector<std::pair<std::string, std::string>>& RecordAnalysis::catalogue_names() const { return reasons().names; }
const std::vector<std::pair<std::string, std::string>>& RecordAnalysis::catalogue_ops() const { return reasons().ops; }

}  // namespace

TorchScriptCatalogue parse_torchscript_catalogue(std::string_view text, std::vector<std::string>& errors) {
  TorchScriptCatalogue c;
  for_each_data_line(text, [&](const std::vector<std::string>& f, const std::string&, std::size_t line_no) {
    const auto bad = [&](const std::string& what) {
      errors.push_back("torchscript line " + std::to_string(line_no) + ": " + what);
    };
    if (f.size() != 2) return bad("expected `<kind> <value>`");
    if (f[0] == "ops") {
      c.op_namespaces.push_back(f[1]);
    } else if (f[0] == "classes") {
      c.class_namespaces.push_back(f[1]);
    } else if (f[0] == "op") {
      if (f[1].find("::") == std::string::npos) return bad("an op is `<namespace>::<name>`");
      c.ops.push_back(f[1]);
    } else if (f[0] == "name") {
      c.names.push_back(f[1]);
    } else {
      bad("unknown kind '" + f[0] + "'");
    }
  });
  return c;
}

const TorchScriptCatalogue& torchscript_catalogue() {
  static const TorchScriptCatalogue c = [] {
    std::vector<std::string> errors;
    return parse_torchscript_catalogue(data::k_torchscript_txt, errors);
  }();
  return c;
}

std::vector<TorchScriptOperation> torchscript_operations(std::string_view source, std::size_t max, std::size_t* more) {
  RecordAnalysis analysis(torchscript_catalogue(), source);
  std::size_t rest = 0;
  auto out = analysis.run(max, rest);
  if (more != nullptr) *more = rest;
  return out;
}

std::optional<std::string> torchscript_code_folder(std::span<const std::string_view> entry_names) {
  if (entry_names.empty()) return std::nullopt;
  const std::string_view first = entry_names[0];
  const auto slash = first.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string prefix = lower(first.substr(0, slash + 1));
  const bool torch = std::any_of(entry_names.begin(), entry_names.end(), [&](std::string_view n) {
    const std::string l = lower(n);
    return l == prefix + "data.pkl" || l == prefix + "constants.pkl";
  });
  if (!torch) return std::nullopt;
  return prefix + "code/";
}

bool is_torchscript_code_record(std::string_view folder, std::string_view entry_name) {
  const std::string name = lower(entry_name);
  return name.size() > folder.size() && name.starts_with(folder) && !name.ends_with(".debug_pkl") &&
         !name.ends_with("/");
}

std::vector<Finding> torchscript_code_findings(std::string_view record, const rules::ArtifactContext& context) {
  std::vector<Finding> out;
  const auto located = [&](const rules::RuleInfo& rule, std::string evidence, std::optional<std::uint32_t> line,
                           std::optional<std::uint32_t> column) {
    Location loc;
    loc.path = context.path;
    loc.chain = context.chain;
    loc.line = line;
    loc.column = column;
    return rules::make_finding(rule, std::move(loc), std::move(evidence), context.retest_target);
  };
  const rules::RuleInfo& exec = *rules::find_rule("PICKLE-EXEC");
  const rules::RuleInfo& structural = *rules::find_rule("PICKLE-STRUCT");
  const std::uint64_t limit = std::min<std::uint64_t>(context.limits.max_nested_size, UINT32_MAX);
  if (record.size() > limit) {
    out.push_back(located(structural,
                          "limit-reached: TorchScript code record of " + std::to_string(record.size()) +
                              " byte(s), which torch.jit.load compiles, exceeds nested_size=" +
                              std::to_string(context.limits.max_nested_size) + "; only the first " +
                              std::to_string(limit) + " byte(s) were analysed",
                          std::nullopt, std::nullopt));
    record = record.substr(0, limit);
  }
  std::size_t more = 0;
  const auto ops = torchscript_operations(record, context.limits.max_findings_per_rule, &more);
  for (const auto& op : ops) {
    std::string evidence = "TorchScript code, line " + std::to_string(op.line);
    if (op.function == "__setstate__") {
      evidence += ", in __setstate__ (torch.jit.load runs it while loading)";
    } else if (!op.function.empty()) {
      evidence += ", in " + op.function;
    }
    evidence += ": `" + op.spelling + "` is " + op.target + " (" + op.why + "): " + op.source_line;
    // Names and source lines come from the scanned bytes.
    Finding f = located(exec, rules::printable(evidence), op.line, op.column);
    f.module = rules::printable(op.module);
    f.name = rules::printable(op.name);
    out.push_back(std::move(f));
  }
  if (more > 0) {
    out.push_back(located(structural,
                          "limit-reached: " + std::to_string(more) +
                              " more TorchScript operation(s) in this code record past findings_per_rule=" +
                              std::to_string(context.limits.max_findings_per_rule) + " were not reported",
                          std::nullopt, std::nullopt));
  }
  return out;
}

}  // namespace sentinel::code
