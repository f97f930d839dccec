// See sanitisers.hpp.
#include "code/sanitisers.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <memory>
#include <set>

namespace sentinel::code {
namespace {

constexpr std::array<std::string_view, 10> kStrongHashes{"sha224",   "sha256",   "sha384",   "sha512",  "sha3_224",
                                                         "sha3_256", "sha3_384", "sha3_512", "blake2b", "blake2s"};
constexpr int kMaxClosureRounds = 8;  // names a checked value was read through

std::string scope_key(std::size_t module, std::optional<std::size_t> function, std::string_view name) {
  std::string k = std::to_string(module) + ":" + (function ? std::to_string(*function) : std::string("-")) + ":";
  k.append(name);
  return k;
}

bool strong(std::string_view algorithm) {
  return std::find(kStrongHashes.begin(), kStrongHashes.end(), algorithm) != kStrongHashes.end();
}

bool full_hex_digest(const std::string& s) {
  return (s.size() == 56 || s.size() == 64 || s.size() == 96 || s.size() == 128) &&
         s.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
}

std::vector<TSNode> arguments(TSNode call) {
  std::vector<TSNode> out;
  const TSNode args = field(call, "arguments");
  for (std::uint32_t i = 0; i < ts_node_named_child_count(args); ++i) out.push_back(ts_node_named_child(args, i));
  return out;
}

TSNode unwrap(TSNode expr) {
  while (node_type(expr) == "parenthesized_expression" && ts_node_named_child_count(expr) > 0) {
    expr = ts_node_named_child(expr, 0);
  }
  return expr;
}

// The identifiers an expression reads, not those naming a call's function or an attribute.
void read_names(TSNode expr, std::set<std::string>& out, const PythonTree& tree) {
  each_node(expr, [&](TSNode n) {
    if (node_type(n) != "identifier") return;
    const TSNode parent = ts_node_parent(n);
    if (node_type(parent) == "call" && ts_node_eq(field(parent, "function"), n)) return;
    if (node_type(parent) == "attribute" && ts_node_eq(field(parent, "attribute"), n)) return;
    if (node_type(parent) == "keyword_argument" && ts_node_eq(field(parent, "name"), n)) return;
    out.emplace(tree.text(n));
  });
}

// The binding statements of one scope: `name = value`, `with value as name`, `for name in value`.
struct Binding {
  std::string name;
  TSNode value{};
  std::uint32_t at = 0;
};

std::vector<Binding> bindings(const PythonTree& tree, TSNode scope) {
  std::vector<Binding> out;
  each_in_scope(scope, [&](TSNode n) {
    const auto type = node_type(n);
    TSNode target{};
    TSNode value{};
    if (type == "assignment" || type == "augmented_assignment" || type == "for_statement") {
      target = field(n, "left");
      value = field(n, "right");
    } else if (type == "as_pattern") {
      const TSNode alias = field(n, "alias");
      if (ts_node_named_child_count(alias) > 0) target = ts_node_named_child(alias, 0);
      value = ts_node_named_child(n, 0);
    }
    if (ts_node_is_null(target)) return;
    std::set<std::string> names;
    read_names(target, names, tree);
    for (const auto& name : names) out.push_back(Binding{name, value, ts_node_start_byte(n)});
  });
  return out;
}

bool ends_flow(const PythonTree& tree, const NameResolver& names, TSNode block) {
  const std::uint32_t count = ts_node_named_child_count(block);
  if (count == 0) return false;
  const TSNode last = ts_node_named_child(block, count - 1);
  const auto type = node_type(last);
  if (type == "raise_statement" || type == "return_statement" || type == "continue_statement" ||
      type == "break_statement") {
    return true;
  }
  if (type != "expression_statement" || node_type(ts_node_named_child(last, 0)) != "call") return false;
  const TSNode callee = field(ts_node_named_child(last, 0), "function");
  if (node_type(callee) == "identifier" && (tree.text(callee) == "exit" || tree.text(callee) == "quit")) return true;
  const auto name = names.resolve(callee);
  return name && (*name == "sys.exit" || *name == "os._exit" || *name == "os.abort");
}

class Check {
 public:
  Check(const Program& program, std::size_t module, TSNode scope)
      : tree_(*program.modules()[module].tree), names_(*program.modules()[module].names), scope_(scope),
        bindings_(code::bindings(tree_, scope)) {}

  // The expressions a digest expression hashes; empty when it is not one.
  [[nodiscard]] std::vector<TSNode> hashed(TSNode expr, unsigned depth = 0) const {
    expr = unwrap(expr);
    if (depth > 2) return {};
    if (node_type(expr) == "identifier") {
      // digest = hashlib.sha256(data).hexdigest()
      const std::string name(tree_.text(expr));
      for (const auto& b : bindings_) {
        if (b.name == name && !ts_node_is_null(b.value)) {
          if (auto found = hashed(b.value, depth + 1); !found.empty()) return found;
        }
      }
      return {};
    }
    if (node_type(expr) != "call") return {};
    const TSNode callee = field(expr, "function");
    if (node_type(callee) != "attribute") return {};
    const std::string_view method = tree_.text(field(callee, "attribute"));
    if (method != "hexdigest" && method != "digest") return {};
    return hasher_inputs(unwrap(field(callee, "object")), depth).value_or(std::vector<TSNode>{});
  }

  [[nodiscard]] const std::vector<Binding>& all_bindings() const { return bindings_; }
  [[nodiscard]] const PythonTree& tree() const { return tree_; }
  [[nodiscard]] const NameResolver& names() const { return names_; }

 private:
  // hashlib.sha256(data), hashlib.new("sha256", data), hashlib.file_digest(f, "sha256"),
  // or a name bound to one of them and fed with h.update(chunk); nullopt when
  // the expression is no strong hasher.
  [[nodiscard]] std::optional<std::vector<TSNode>> hasher_inputs(TSNode hasher, unsigned depth) const {
    if (node_type(hasher) == "identifier" && depth <= 2) {
      const std::string name(tree_.text(hasher));
      std::optional<std::vector<TSNode>> out;
      for (const auto& b : bindings_) {
        if (b.name != name || ts_node_is_null(b.value)) continue;
        const auto made = hasher_inputs(unwrap(b.value), depth + 1);
        if (!made) return std::nullopt;  // rebound to something else: not provably the digest
        if (!out) out.emplace();
        out->insert(out->end(), made->begin(), made->end());
      }
      if (out) updates(name, *out);
      return out;
    }
    if (node_type(hasher) != "call") return std::nullopt;
    const auto name = names_.resolve(field(hasher, "function"));
    if (!name || !name->starts_with("hashlib.")) return std::nullopt;
    const std::string function = name->substr(8);
    auto args = arguments(hasher);
    const auto algorithm = [&](std::size_t i) { return i < args.size() ? names_.string_value(args[i]) : std::nullopt; };
    if (function == "new") {
      if (const auto a = algorithm(0); !a || !strong(*a)) return std::nullopt;
      args.erase(args.begin());
      return args;
    }
    if (function == "file_digest") {
      if (const auto a = algorithm(1); !a || !strong(*a)) return std::nullopt;
      return std::vector<TSNode>{args.front()};
    }
    return strong(function) ? std::optional(args) : std::nullopt;
  }

  void updates(const std::string& hasher, std::vector<TSNode>& out) const {
    each_in_scope(scope_, [&](TSNode n) {
      if (node_type(n) != "call") return;
      const TSNode callee = field(n, "function");
      if (node_type(callee) == "attribute" && tree_.text(field(callee, "attribute")) == "update" &&
          tree_.text(field(callee, "object")) == hasher) {
        const auto args = arguments(n);
        out.insert(out.end(), args.begin(), args.end());
      }
    });
  }

  const PythonTree& tree_;
  const NameResolver& names_;
  TSNode scope_;
  std::vector<Binding> bindings_;
};

// Whether the expression is a pinned digest constant.
bool pinned(const Program& program, std::size_t module, TSNode expr) {
  expr = unwrap(expr);
  const NameResolver& names = *program.modules()[module].names;
  if (node_type(expr) == "call" && names.resolve(field(expr, "function")) == std::optional<std::string>("bytes.fromhex")) {
    const auto args = arguments(expr);
    return args.size() == 1 && pinned(program, module, args[0]);
  }
  const auto value = program.string_constant(module, expr);
  return value && full_hex_digest(*value);
}

// A name trusted over a byte range of its scope.
struct Trusted {
  std::string name;
  std::uint32_t from = 0, to = 0;
};

// Each scope's bindings are read once, however many checks it holds.
using ScopeChecks = std::map<std::pair<std::size_t, std::size_t>, std::unique_ptr<Check>>;

std::vector<Trusted> examine(const Program& program, std::size_t module, TSNode if_statement,
                             std::optional<std::size_t> function, ScopeChecks& checks) {
  const Module& m = program.modules()[module];
  TSNode condition = unwrap(field(if_statement, "condition"));
  bool equal = true;
  while (node_type(condition) == "not_operator") {
    equal = !equal;
    condition = unwrap(field(condition, "argument"));
  }
  TSNode left{};
  TSNode right{};
  if (node_type(condition) == "comparison_operator" && ts_node_named_child_count(condition) == 2) {
    const std::string_view op = m.tree->text(field(condition, "operators"));
    if (op != "==" && op != "!=") return {};
    if (op == "!=") equal = !equal;
    left = ts_node_named_child(condition, 0);
    right = ts_node_named_child(condition, 1);
  } else if (node_type(condition) == "call") {
    const auto name = m.names->resolve(field(condition, "function"));
    const auto args = arguments(condition);
    if (!name || (*name != "hmac.compare_digest" && *name != "secrets.compare_digest") || args.size() != 2) return {};
    left = args[0];
    right = args[1];
  } else {
    return {};
  }
  const bool right_pinned = pinned(program, module, right);
  if (!right_pinned && !pinned(program, module, left)) return {};
  const TSNode scope = function ? field(program.functions()[*function].node, "body") : m.tree->root();
  auto& slot = checks[{module, function.value_or(std::numeric_limits<std::size_t>::max())}];
  if (!slot) slot = std::make_unique<Check>(program, module, scope);
  const Check& check = *slot;
  const std::vector<TSNode> inputs = check.hashed(right_pinned ? left : right);
  if (inputs.empty()) return {};

  std::uint32_t from = 0;
  std::uint32_t to = 0;
  const TSNode consequence = field(if_statement, "consequence");
  if (equal) {
    from = ts_node_start_byte(consequence);
    to = ts_node_end_byte(consequence);
  } else if (ends_flow(check.tree(), check.names(), consequence)) {
    from = ts_node_end_byte(if_statement);
    to = ts_node_end_byte(scope);
  } else {
    return {};
  }
  // The checked names, and those they were read through (f from open(path): path too).
  std::set<std::string> names;
  for (const TSNode input : inputs) read_names(input, names, check.tree());
  for (int round = 0; round < kMaxClosureRounds; ++round) {
    const std::size_t before = names.size();
    for (const auto& b : check.all_bindings()) {
      if (names.contains(b.name) && b.at < ts_node_start_byte(if_statement) && !ts_node_is_null(b.value)) {
        read_names(b.value, names, check.tree());
      }
    }
    if (names.size() == before) break;
  }
  std::vector<Trusted> out;
  for (const auto& name : names) {
    Trusted t{name, from, to};
    // Trusted up to the next rebinding of the name.
    for (const auto& b : check.all_bindings()) {
      if (b.name == name && b.at >= t.from && b.at < t.to) t.to = b.at;
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

Sanitisers::Sanitisers(const Program& program) {
  ScopeChecks checks;
  for (std::size_t m = 0; m < program.modules().size(); ++m) {
    for (const TSNode n : program.if_statements(m)) {
      const auto function = program.function_at(m, ts_node_start_byte(n));
      for (auto& t : examine(program, m, n, function, checks)) {
        ranges_[scope_key(m, function, t.name)].push_back(Range{t.from, t.to});
        names_.insert(t.name);
      }
    }
  }
}

bool Sanitisers::clean(std::size_t module, std::optional<std::size_t> function, std::string_view name,
                       std::uint32_t byte) const {
  if (!names_.contains(name)) return false;  // asked for every name read: answer most without a key
  const auto it = ranges_.find(scope_key(module, function, name));
  if (it == ranges_.end()) return false;
  return std::any_of(it->second.begin(), it->second.end(), [&](const Range& r) { return r.from <= byte && byte < r.to; });
}

}  // namespace sentinel::code
