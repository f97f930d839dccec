// sentinel-policy.yml: strict parsing (every problem reported with its line and
// column, nothing silently ignored) and application to a scan report.
#include "policy/policy.hpp"

#include <fnmatch.h>
#include <openssl/evp.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <sstream>

#include "rules/catalogue.hpp"

namespace sentinel::policy {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kGlobalImportRule = "PICKLE-GLOBAL-IMPORT";

constexpr std::array kSeverities = {Severity::Critical, Severity::High, Severity::Medium, Severity::Low,
                                    Severity::Info};

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A real calendar date, so `2027-02-30` is caught when the policy is read
// instead of silently never (or always) expiring.
bool is_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  constexpr std::array<std::size_t, 8> kDigits{0, 1, 2, 3, 5, 6, 8, 9};
  for (const std::size_t i : kDigits) {
    if (std::isdigit(static_cast<unsigned char>(s[i])) == 0) return false;
  }
  const auto number = [&](std::size_t from, std::size_t count) {
    int n = 0;
    for (std::size_t i = from; i < from + count; ++i)
      n = n * 10 + (s[i] - '0');
    return n;
  };
  const std::chrono::year_month_day date{std::chrono::year{number(0, 4)},
                                         std::chrono::month{static_cast<unsigned>(number(5, 2))},
                                         std::chrono::day{static_cast<unsigned>(number(8, 2))}};
  return date.ok();
}

bool is_sha256(std::string_view s) {
  return s.size() == 64 &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

const char* kind_name(const YAML::Node& node) {
  switch (node.Type()) {
  case YAML::NodeType::Scalar:
    return "a string";
  case YAML::NodeType::Sequence:
    return "a list";
  case YAML::NodeType::Map:
    return "a map";
  case YAML::NodeType::Null:
  case YAML::NodeType::Undefined:
    break;
  }
  return "nothing";
}

// Collects every problem with its position; the parse fails if there is any.
class Parser {
public:
  explicit Parser(const std::string& source) : source_(source) {}

  void error_at(const YAML::Mark& mark, const std::string& what) {
    // yaml-cpp marks are 0-based; editors and compilers count from 1.
    std::ostringstream out;
    out << source_ << ':' << std::max(mark.line, 0) + 1 << ':' << std::max(mark.column, 0) + 1 << ": " << what;
    errors_.push_back(out.str());
  }
  void error(const YAML::Node& node, const std::string& what) { error_at(node.Mark(), what); }
  [[nodiscard]] const std::vector<std::string>& errors() const { return errors_; }

  void parse_top(const YAML::Node& root, Policy& p) {
    if (root.IsNull()) return; // an empty file (or only comments) means the defaults
    for_each_key(root, "the policy",
                 {"category", "fail_on", "ticket_on", "retest", "rules", "trusted_globals", "allow"},
                 [&](const std::string& key, const YAML::Node& value) {
                   if (key == "category") {
                     if (const auto c = string_of(value, key)) {
                       if (*c == "PICKLE") {
                         p.category = *c;
                       } else {
                         error(value, "category '" + *c + "' is not supported (the only category is PICKLE)");
                       }
                     }
                   } else if (key == "fail_on") {
                     if (auto s = severities_of(value, key)) p.fail_on = std::move(*s);
                   } else if (key == "ticket_on") {
                     if (auto s = severities_of(value, key)) p.ticket_on = std::move(*s);
                   } else if (key == "retest") {
                     p.retest = string_of(value, key);
                   } else if (key == "rules") {
                     parse_rules(value, p.rules);
                   } else if (key == "trusted_globals") {
                     parse_trusted(value, p.trusted_globals);
                   } else {
                     parse_allow(value, p.allow);
                   }
                 });
  }

private:
  bool expect(const YAML::Node& node, YAML::NodeType::value type, const std::string& what) {
    if (node.Type() == type) return true;
    const char* wanted = type == YAML::NodeType::Map        ? "a map"
                         : type == YAML::NodeType::Sequence ? "a list"
                                                            : "a string";
    error(node, what + ": expected " + wanted + ", got " + kind_name(node));
    return false;
  }

  // Visits a map's entries in file order; unknown and repeated keys are errors
  // (yaml-cpp keeps both copies of a repeated key, and which one wins would be
  // a guess).
  void for_each_key(const YAML::Node& map, const std::string& where, std::initializer_list<std::string_view> known,
                    const std::function<void(const std::string&, const YAML::Node&)>& visit) {
    if (!expect(map, YAML::NodeType::Map, where)) return;
    std::set<std::string> seen;
    for (const auto& entry : map) {
      const YAML::Node& key = entry.first;
      if (!key.IsScalar()) {
        error(key, where + ": keys must be strings, got " + kind_name(key));
        continue;
      }
      const std::string name = key.Scalar();
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        std::string list;
        for (const auto k : known)
          list += (list.empty() ? "" : ", ") + std::string(k);
        error(key, "unknown key '" + name + "' in " + where + " (expected one of: " + list + ")");
        continue;
      }
      if (!seen.insert(name).second) {
        error(key, "duplicate key '" + name + "' in " + where);
        continue;
      }
      visit(name, entry.second);
    }
  }

  std::optional<std::string> string_of(const YAML::Node& node, const std::string& what) {
    if (!expect(node, YAML::NodeType::Scalar, what)) return std::nullopt;
    return node.Scalar();
  }

  // A required free-text field: present and not blank.
  std::optional<std::string> text_of(const YAML::Node& node, const std::string& what) {
    auto s = string_of(node, what);
    if (s &&
        std::all_of(s->begin(), s->end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; })) {
      error(node, what + ": must not be empty");
      return std::nullopt;
    }
    return s;
  }

  // Severity names are matched case-insensitively (`high` is `HIGH`).
  std::optional<Severity> severity_of(const YAML::Node& node, const std::string& what) {
    const auto s = string_of(node, what);
    if (!s) return std::nullopt;
    const std::string name = upper(*s);
    for (const Severity sev : kSeverities) {
      if (name == severity_name(sev)) return sev;
    }
    error(node, what + ": unknown severity '" + *s + "' (expected CRITICAL, HIGH, MEDIUM, LOW or INFO)");
    return std::nullopt;
  }

  std::optional<std::set<Severity>> severities_of(const YAML::Node& node, const std::string& what) {
    if (!expect(node, YAML::NodeType::Sequence, what)) return std::nullopt;
    std::set<Severity> out;
    bool ok = true;
    for (const auto& item : node) {
      const auto sev = severity_of(item, what);
      ok = ok && sev.has_value();
      if (sev) out.insert(*sev);
    }
    if (!ok) return std::nullopt;
    return out;
  }

  // YAML 1.2 core-schema booleans only: `yes`/`on` are YAML 1.1 and read as
  // strings by other tools, so they are refused rather than guessed.
  std::optional<bool> bool_of(const YAML::Node& node, const std::string& what) {
    const auto s = string_of(node, what);
    if (!s) return std::nullopt;
    if (*s == "true" || *s == "True" || *s == "TRUE") return true;
    if (*s == "false" || *s == "False" || *s == "FALSE") return false;
    error(node, what + ": expected true or false, got '" + *s + "'");
    return std::nullopt;
  }

  bool known_rule(const YAML::Node& node, const std::string& id) {
    if (rules::find_rule(id) != nullptr) return true;
    std::string list;
    for (const auto& r : rules::rule_catalogue())
      list += (list.empty() ? "" : ", ") + std::string(r.id);
    error(node, "unknown rule ID '" + id + "' (known: " + list + ")");
    return false;
  }

  // `rules:`, `trusted_globals:` and `allow:` with no value (the starter
  // policy's, whose examples sit below them commented out) are empty.
  void parse_rules(const YAML::Node& node, std::map<std::string, RuleSettings>& out) {
    if (node.IsNull() || !expect(node, YAML::NodeType::Map, "rules")) return;
    for (const auto& entry : node) {
      const YAML::Node& key = entry.first;
      const auto id = string_of(key, "rules");
      if (!id || !known_rule(key, *id)) continue;
      if (out.contains(*id)) {
        error(key, "duplicate key '" + *id + "' in rules");
        continue;
      }
      RuleSettings& s = out[*id];
      const std::string where = "rules." + *id;
      for_each_key(entry.second, where, {"owner", "fail_on", "retest", "enabled", "severity"},
                   [&](const std::string& k, const YAML::Node& v) {
                     const std::string what = where + "." + k;
                     if (k == "owner") {
                       s.owner = text_of(v, what);
                     } else if (k == "fail_on") {
                       s.fail_on = severities_of(v, what);
                     } else if (k == "retest") {
                       s.retest = text_of(v, what);
                     } else if (k == "enabled") {
                       s.enabled = bool_of(v, what);
                     } else {
                       s.severity = severity_of(v, what);
                     }
                   });
    }
  }

  void parse_trusted(const YAML::Node& node, std::map<std::string, std::set<std::string>>& out) {
    if (node.IsNull() || !expect(node, YAML::NodeType::Map, "trusted_globals")) return;
    for (const auto& entry : node) {
      const auto module = text_of(entry.first, "trusted_globals");
      if (!module) continue;
      const std::string where = "trusted_globals." + *module;
      if (!expect(entry.second, YAML::NodeType::Sequence, where)) continue;
      auto& names = out[*module];
      for (const auto& item : entry.second) {
        if (const auto name = text_of(item, where)) names.insert(*name);
      }
    }
  }

  void parse_allow(const YAML::Node& node, std::vector<AllowEntry>& out) {
    if (node.IsNull() || !expect(node, YAML::NodeType::Sequence, "allow")) return;
    for (const auto& item : node) {
      const std::string where = "allow entry " + std::to_string(out.size() + 1);
      AllowEntry e;
      e.line = item.Mark().line + 1;
      bool ok = item.IsMap();
      std::set<std::string> given;
      for_each_key(item, where, {"rule", "module", "name", "path", "sha256", "reason", "accepted_by", "expires"},
                   [&](const std::string& k, const YAML::Node& v) {
                     const std::string what = where + ": " + k;
                     auto value = k == "reason" || k == "accepted_by" ? text_of(v, what) : string_of(v, what);
                     if (!value) {
                       ok = false;
                       return;
                     }
                     given.insert(k);
                     if (k == "rule") {
                       ok = known_rule(v, *value) && ok;
                       e.rule = *value;
                     } else if (k == "module") {
                       e.module = *value;
                     } else if (k == "name") {
                       e.name = *value;
                     } else if (k == "path") {
                       if (value->empty()) {
                         error(v, what + ": must not be empty");
                         ok = false;
                       }
                       e.path = *value;
                     } else if (k == "sha256") {
                       if (!is_sha256(*value)) {
                         error(v, what + ": expected 64 hexadecimal digits, got '" + *value + "'");
                         ok = false;
                       }
                       e.sha256 = lower(*value);
                     } else if (k == "reason") {
                       e.reason = *value;
                     } else if (k == "accepted_by") {
                       e.accepted_by = *value;
                     } else {
                       if (!is_date(*value)) {
                         error(v, what + ": expected a date YYYY-MM-DD, got '" + *value + "'");
                         ok = false;
                       }
                       e.expires = *value;
                     }
                   });
      if (item.IsMap()) {
        for (const char* required : {"rule", "reason", "accepted_by"}) {
          // A value that is present but invalid was already reported.
          if (!item[required]) {
            error(item, where + ": missing required key '" + std::string(required) + "'");
            ok = false;
          }
        }
      }
      if (ok) out.push_back(std::move(e));
    }
  }

  const std::string& source_;
  std::vector<std::string> errors_;
};

using DigestContext = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

DigestContext sha256_context() {
  DigestContext ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (ctx && EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) ctx.reset();
  return ctx;
}

// The finished digest as lower-case hex.
std::optional<std::string> hex_digest(EVP_MD_CTX* ctx) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(ctx, digest.data(), &size) != 1) return std::nullopt;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xF]);
  }
  return hex;
}

std::optional<std::string> sha256_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  const DigestContext ctx = sha256_context();
  if (!ctx) return std::nullopt;
  // Streamed: model files are often several gigabytes.
  std::vector<char> buffer(1 << 16);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto got = in.gcount();
    if (got > 0 && EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<std::size_t>(got)) != 1) return std::nullopt;
  }
  if (in.bad()) return std::nullopt;
  return hex_digest(ctx.get());
}

// The policy's own text is hashed as parsed, so the digest a report shows is
// that of the bytes that judged it, even if the file changes afterwards.
std::string sha256_text(std::string_view text) {
  const DigestContext ctx = sha256_context();
  if (!ctx || EVP_DigestUpdate(ctx.get(), text.data(), text.size()) != 1) return {};
  return hex_digest(ctx.get()).value_or("");
}

// POSIX single quotes, so a substituted path survives spaces and quotes.
void replace_all(std::string& text, std::string_view from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// What an allow entry's `path` glob is matched against: the scanned path
// relative to the policy file's folder (the defaults': the working
// directory), so a policy means the same files from any working directory; a
// file outside that folder is relative with leading `..` parts. An absolute
// pattern is matched against the absolute path.
std::string glob_subject(const std::string& pattern, const std::string& path, const fs::path& policy_dir) {
  std::error_code ec;
  const fs::path absolute = fs::absolute(path, ec).lexically_normal();
  if (ec) return path;
  if (pattern.starts_with('/')) return absolute.string();
  const fs::path relative = absolute.lexically_relative(policy_dir);
  return relative.empty() ? path : relative.string();
}

const RuleSettings* settings_for(const Policy& policy, const std::string& rule_id) {
  const auto it = policy.rules.find(rule_id);
  return it == policy.rules.end() ? nullptr : &it->second;
}

bool dropped(const Policy& policy, const Finding& f) {
  const RuleSettings* s = settings_for(policy, f.rule_id);
  if (s != nullptr && s->enabled == false) return true;
  // Only "unknown global" findings are lifted: a trusted name that resolves
  // to a dangerous callable is reported by PICKLE-EXEC and stays.
  if (f.rule_id != kGlobalImportRule) return false;
  return policy_trusts(policy, f.module, f.name);
}

void apply_overrides(const Policy& policy, Finding& f) {
  const RuleSettings* s = settings_for(policy, f.rule_id);
  if (s != nullptr && s->severity) {
    f.severity = *s->severity;
    f.release_decision = rules::release_decision(f.severity);
  }
  if (s != nullptr && s->owner) f.owner = *s->owner;
  const std::optional<std::string>& retest = s != nullptr && s->retest ? s->retest : policy.retest;
  if (retest) {
    f.retest = *retest;
    replace_all(f.retest, "{rule}", f.rule_id);
    replace_all(f.retest, "{path}", rules::shell_quote(f.location.path));
  }
}

} // namespace

bool policy_trusts(const Policy& policy, std::string_view module, std::string_view name) {
  if (const auto it = policy.trusted_globals.find(std::string(module)); it != policy.trusted_globals.end()) {
    if (it->second.contains(std::string(name)) || it->second.contains("*")) return true;
  }
  for (std::string_view m = module;;) {
    const auto dot = m.rfind('.');
    if (dot == std::string_view::npos) return false;
    m = m.substr(0, dot);
    const auto it = policy.trusted_globals.find(std::string(m));
    if (it != policy.trusted_globals.end() && it->second.contains("*")) return true;
  }
}

std::vector<std::string> whole_packages(const Policy& policy) {
  std::vector<std::string> out;
  for (const auto& [module, names] : policy.trusted_globals) {
    if (names.contains("*")) out.push_back(module);
  }
  return out;
}

// Where the text has content and where a second YAML document starts (a
// `---` line after content, or content after a `...` line). Comments, blank
// lines and directives are not content.
struct DocumentShape {
  std::optional<YAML::Mark> content;
  std::optional<YAML::Mark> second_document;
};

DocumentShape document_shape(std::string_view text) {
  DocumentShape shape;
  bool ended = false;
  int line = 0;
  const auto at = [&] {
    YAML::Mark mark;
    mark.line = line;
    mark.column = 0;
    return mark;
  };
  for (std::size_t start = 0; start < text.size() && !shape.second_document; ++line) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view l = text.substr(start, end - start);
    start = end + 1;
    const bool marker = (l.starts_with("---") || l.starts_with("...")) &&
                        (l.size() == 3 || l[3] == ' ' || l[3] == '\t' || l[3] == '\r');
    const auto first = l.find_first_not_of(" \t\r");
    const bool blank = first == std::string_view::npos || l[first] == '#' || l.starts_with('%');
    if (marker && l.starts_with("...")) {
      ended = shape.content.has_value();
    } else if ((marker && shape.content) || (ended && !blank)) {
      shape.second_document = at();
    } else if (!blank && !marker && !shape.content) {
      shape.content = at();
    }
  }
  return shape;
}

Expected<Policy> parse_policy(std::string_view yaml_text, const std::string& source_name) {
  Policy p;
  p.source = source_name;
  p.sha256 = sha256_text(yaml_text);
  Parser parser(source_name);
  // yaml-cpp reports syntax errors by throwing; they stop here and become an
  // ordinary error like every other problem in the file.
  try {
    // YAML::LoadAll of yaml-cpp 0.7 never returns on some inputs (a leading
    // ','), found by fuzzing; Load reads the first document only, so a second
    // one is found by its marker instead.
    const DocumentShape shape = document_shape(yaml_text);
    const YAML::Node document = shape.second_document ? YAML::Node() : YAML::Load(std::string(yaml_text));
    if (shape.second_document) {
      parser.error_at(*shape.second_document, "a policy file holds one YAML document");
    } else if (document.IsNull() && shape.content) {
      // yaml-cpp gives an empty document for some text it cannot read.
      parser.error_at(*shape.content, "not a YAML mapping of policy keys");
    } else {
      parser.parse_top(document, p);
    }
  } catch (const YAML::Exception& e) {
    parser.error_at(e.mark, e.msg);
  }
  if (parser.errors().empty()) return p;
  std::string message;
  for (const auto& e : parser.errors())
    message += (message.empty() ? "" : "\n") + e;
  return Error{message};
}

Expected<Policy> load_policy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (!in.is_open() || in.bad()) return Error{path + ": cannot read the policy file"};
  return parse_policy(text, path);
}

std::optional<std::string> find_policy(const std::string& scan_path) {
  std::error_code ec;
  fs::path dir = fs::absolute(scan_path, ec).lexically_normal();
  if (ec) return std::nullopt;
  if (!fs::is_directory(dir, ec)) dir = dir.parent_path();
  for (;;) {
    const fs::path candidate = dir / kPolicyFileName;
    if (fs::is_regular_file(candidate, ec)) return candidate.string();
    const fs::path parent = dir.parent_path();
    if (parent == dir || parent.empty()) return std::nullopt;
    dir = parent;
  }
}

std::string starter_policy() {
  return R"(# sentinel-policy.yml: how Sentinel gates a release (reference: docs/policy.md).
# Sentinel finds this file in the working directory or a parent folder (never
# in the scanned files), or takes it from --policy FILE; every key
# is optional and the values below are the defaults. Unknown keys, rule IDs,
# severities and malformed dates are errors, never ignored.

# The only rule category.
category: PICKLE

# Severities (CRITICAL, HIGH, MEDIUM, LOW, INFO) that make the scan exit 1.
fail_on: [CRITICAL, HIGH]

# Severities listed as tickets in the summary (they do not fail the run).
ticket_on: [MEDIUM]

# Examples are commented out with one '#' in the first column, the YAML
# right after it: delete that '#' on every line of an example to use it.

# The command printed with every finding to close it; {path} becomes the
# scanned file (shell-quoted) and {rule} the rule ID. Default: a sentinel run.
#retest: "make scan-models MODEL={path}"

# Per rule ID: owner, fail_on, retest, enabled (true/false), severity.
rules:
#  PICKLE-GLOBAL-IMPORT:
#    owner: "ML platform team"
#    severity: MEDIUM
#    fail_on: [CRITICAL, HIGH]

# Your own model classes, added to the built-in allowlist: module: [names].
# They lift PICKLE-GLOBAL-IMPORT only; dangerous callables are always reported.
trusted_globals:
#  mycompany.models: [ResNetHead, Tokenizer]

# Accepted findings: each matches on rule and any of module, name, path (glob)
# and sha256 (of the scanned file); reason and accepted_by are required;
# expires (YYYY-MM-DD) is the last day the acceptance applies.
# A path glob is resolved against this file's folder.
allow:
#  - rule: PICKLE-STRUCT
#    path: "legacy/*.pt"
#    sha256: 9f2c4d7e0b1a3c5e7f9d2b4a6c8e0f1d3b5a7c9e1f2d4b6a8c0e2f4d6b8a0c2e  # sha256sum of the file
#    reason: "re-export scheduled, artifact isolated"
#    accepted_by: "security@mycompany"
#    expires: 2027-03-31
#  - rule: PICKLE-GLOBAL-IMPORT
#    module: legacy_pkg.layers
#    name: OldHead
#    reason: "vendored class, reviewed in SEC-123"
#    accepted_by: "alice@mycompany"
)";
}

bool path_matches(const std::string& pattern, const std::string& path) {
  if (::fnmatch(pattern.c_str(), path.c_str(), FNM_PATHNAME) == 0) return true;
  for (std::size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1)) {
    if (::fnmatch(pattern.c_str(), path.c_str() + slash + 1, FNM_PATHNAME) == 0) return true;
  }
  return false;
}

std::string today() {
  if (const char* pinned = std::getenv("SENTINEL_TODAY"); pinned != nullptr && *pinned != '\0') return pinned;
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &utc);
  return text;
}

void apply_policy(const Policy& policy, ScanReport& report, std::string_view today) {
  report.policy = {policy.source, policy.sha256};
  // Hashing can mean reading gigabytes: once per file, and only when an entry is pinned.
  std::map<std::string, std::optional<std::string>> digests;
  const auto digest_of = [&](const std::string& path) -> const std::optional<std::string>& {
    auto it = digests.find(path);
    if (it == digests.end()) it = digests.emplace(path, sha256_file(path)).first;
    return it->second;
  };
  std::error_code ec;
  const fs::path policy_parent = fs::path(policy.source).parent_path();
  const fs::path policy_dir = fs::absolute(policy_parent.empty() ? fs::path(".") : policy_parent, ec).lexically_normal();
  const auto matches = [&](const AllowEntry& e, const Finding& f) {
    return e.rule == f.rule_id && (!e.module || *e.module == f.module) && (!e.name || *e.name == f.name) &&
           (!e.path || path_matches(*e.path, glob_subject(*e.path, f.location.path, policy_dir))) &&
           (!e.sha256 || digest_of(f.location.path) == e.sha256);
  };
  for (FileReport& file : report.files) {
    std::erase_if(file.findings, [&](const Finding& f) { return dropped(policy, f); });
    if (file.status == FileStatus::Findings && file.findings.empty()) file.status = FileStatus::Clean;
    for (Finding& f : file.findings) {
      apply_overrides(policy, f);
      f.acceptance.reset();
      const auto entry =
          std::find_if(policy.allow.begin(), policy.allow.end(), [&](const AllowEntry& e) { return matches(e, f); });
      if (entry == policy.allow.end()) continue;
      const std::string expires = entry->expires.value_or("");
      // YYYY-MM-DD compares as text; the expiry day itself is still covered.
      f.acceptance = Acceptance{static_cast<std::size_t>(entry - policy.allow.begin()) + 1, entry->reason,
                                entry->accepted_by, expires, !expires.empty() && today > expires};
    }
  }
}

bool fails(const Policy& policy, const Finding& f) {
  const RuleSettings* s = settings_for(policy, f.rule_id);
  const std::set<Severity>& fail_on = s != nullptr && s->fail_on ? *s->fail_on : policy.fail_on;
  return fail_on.contains(f.severity) && !(f.acceptance && !f.acceptance->expired);
}

bool is_ticket(const Policy& policy, const Finding& f) {
  return policy.ticket_on.contains(f.severity) && !fails(policy, f);
}

} // namespace sentinel::policy
