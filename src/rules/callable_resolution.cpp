// See callable_resolution.hpp.
#include "rules/callable_resolution.hpp"

#include <cstdio>
#include <set>

#include "pickle/text_forms.hpp"

namespace sentinel::rules {
namespace {

using pickle::Kind;
using pickle::Ref;
using pickle::ValueStore;

constexpr int kMaxDepth = 16;

const Ref* call_args(const ValueStore& values, const pickle::Node& call, std::size_t& count) {
  if (call.b.kind != Kind::Tuple) return nullptr;
  const auto& items = values.node(call.b).items;
  count = items.size();
  return items.data();
}

Target resolve(const ValueStore& values, Ref r, int depth) {
  if (depth > kMaxDepth || !r.is_node()) return {};
  const auto& n = values.node(r);
  if (r.kind == Kind::Global) {
    if (n.a.kind != Kind::Str || n.b.kind != Kind::Str) return {};
    return Target{true, std::string(n.a.str()), std::string(n.b.str()), {}};
  }
  if (r.kind != Kind::Call) return {};
  const Target callee = resolve(values, n.a, depth + 1);
  if (!callee.resolved) return {};
  std::size_t argc = 0;
  const Ref* args = call_args(values, n, argc);
  if (args == nullptr || argc == 0) return {};
  const std::string f = callee.dotted();
  if (f == "builtins.getattr" && argc >= 2 && args[1].kind == Kind::Str) {
    Target obj = resolve(values, args[0], depth + 1);
    if (!obj.resolved) return {};
    const std::string attr(args[1].str());
    obj.qualname = obj.qualname.empty() ? attr : obj.qualname + "." + attr;
    obj.via = "getattr";
    return obj;
  }
  if (args[0].kind != Kind::Str) return {};
  const std::string text(args[0].str());
  // Module resolvers: they return the module (or attribute) their string names.
  if (f == "importlib.import_module" || f == "builtins.__import__" || f == "importlib.__import__") {
    return Target{true, text, {}, f};
  }
  if (f == "pkgutil.resolve_name" || f == "pydoc.locate" || f == "pydoc.resolve") {
    const auto colon = text.find(':');
    if (colon != std::string::npos) return Target{true, text.substr(0, colon), text.substr(colon + 1), f};
    const auto dot = text.rfind('.');
    if (dot == std::string::npos) return Target{true, text, {}, f};
    return Target{true, text.substr(0, dot), text.substr(dot + 1), f};
  }
  return {};
}

void render(const ValueStore& values, Ref r, std::string& out, std::size_t budget, int depth);

void render_items(const ValueStore& values, const pickle::RefArray& items, std::string& out, std::size_t budget,
                  int depth, bool pairs) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (out.size() > budget) {
      out += "...";
      return;
    }
    if (i > 0) out += pairs && i % 2 == 1 ? ": " : ", ";
    render(values, items[i], out, budget, depth + 1);
  }
}

void render(const ValueStore& values, Ref r, std::string& out, std::size_t budget, int depth) {
  if (depth > 6 || out.size() > budget) {
    out += "...";
    return;
  }
  switch (r.kind) {
    case Kind::Unset: out += "<unset>"; return;
    case Kind::None: out += "None"; return;
    case Kind::Bool: out += r.u.i != 0 ? "True" : "False"; return;
    case Kind::Int: out += std::to_string(r.u.i); return;
    case Kind::BigInt: out += std::string(r.str()); return;
    case Kind::LongBytes: {
      const auto v = pickle::decode_long_bytes(r.str());
      out += v.small ? std::to_string(v.value) : v.decimal;
      return;
    }
    case Kind::Float: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.17g", r.u.f);
      out += buf;
      return;
    }
    case Kind::Str: out += "'" + escape_bytes(r.str(), budget) + "'"; return;
    case Kind::Bytes: out += "b'" + escape_bytes(r.str(), budget) + "'"; return;
    case Kind::ByteArray: out += "bytearray(b'" + escape_bytes(r.str(), budget) + "')"; return;
    case Kind::Buffer: out += "<out-of-band buffer>"; return;
    case Kind::Summary:
      out += "<" + std::string(pickle::kind_name(static_cast<Kind>(r.len))) + " of " + std::to_string(r.u.i) +
             " item(s), not retained>";
      return;
    default: break;
  }
  const auto& n = values.node(r);
  switch (r.kind) {
    case Kind::Tuple:
      out += "(";
      render_items(values, n.items, out, budget, depth, false);
      out += n.items.size() == 1 ? ",)" : ")";
      return;
    case Kind::List:
      out += "[";
      render_items(values, n.items, out, budget, depth, false);
      out += "]";
      return;
    case Kind::Set:
    case Kind::FrozenSet:
      out += r.kind == Kind::Set ? "{" : "frozenset({";
      render_items(values, n.items, out, budget, depth, false);
      out += r.kind == Kind::Set ? "}" : "})";
      return;
    case Kind::Dict:
      out += "{";
      render_items(values, n.items, out, budget, depth, true);
      out += "}";
      return;
    case Kind::Global: {
      const Target t = resolve(values, r, 0);
      out += t.resolved ? t.dotted() : "<computed global>";
      return;
    }
    case Kind::Call:
      render(values, n.a, out, budget, depth + 1);
      if (n.b.kind == Kind::Tuple) {
        render(values, n.b, out, budget, depth + 1);
      } else {
        out += "(*";
        render(values, n.b, out, budget, depth + 1);
        out += ")";
      }
      return;
    case Kind::Persistent:
      out += "persistent_load(";
      render(values, n.a, out, budget, depth + 1);
      out += ")";
      return;
    case Kind::Extension: out += "extension(" + std::to_string(n.a.u.i) + ")"; return;
    default: out += "?"; return;
  }
}

}  // namespace

Target resolve_target(const ValueStore& values, Ref r) { return resolve(values, r, 0); }

std::string render_value(const ValueStore& values, Ref r, std::size_t budget) {
  std::string out;
  render(values, r, out, budget, 0);
  return out;
}

namespace {

void append_printable(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  if (c >= 0x20 && c < 0x7f) {
    out.push_back(static_cast<char>(c));
    return;
  }
  out += "\\x";
  out.push_back(kHex[c >> 4]);
  out.push_back(kHex[c & 15]);
}

}  // namespace

std::string escape_bytes(std::string_view bytes, std::size_t budget) {
  std::string out;
  for (const char ch : bytes) {
    if (out.size() >= budget) {
      out += "...";
      break;
    }
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\\' || c == '\'') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c == '\n') {
      out += "\\n";
    } else {
      append_printable(out, c);
    }
  }
  return out;
}

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) append_printable(out, static_cast<unsigned char>(ch));
  return out;
}

bool is_internal_attribute(std::string_view attr) {
  static const std::set<std::string_view> kInternals = {
      "__builtins__", "__globals__", "__dict__", "__class__", "__subclasses__", "__bases__", "__base__",
      "__mro__", "__code__", "__closure__", "__func__", "__self__", "__getattribute__", "__getattr__",
      "__setattr__", "__delattr__", "__import__", "__loader__", "__spec__", "__call__", "__init__",
      "__new__", "__reduce__", "__reduce_ex__", "__setstate__", "__init_subclass__", "__class_getitem__",
      "__module__", "__wrapped__", "f_globals", "f_locals", "f_back", "gi_frame", "tb_frame"};
  return kInternals.contains(attr);
}

bool has_internal_component(std::string_view qualname) {
  std::size_t start = 0;
  for (;;) {
    const auto dot = qualname.find('.', start);
    if (is_internal_attribute(qualname.substr(start, dot == std::string_view::npos ? dot : dot - start))) return true;
    if (dot == std::string_view::npos) return false;
    start = dot + 1;
  }
}

bool is_str(Ref r, std::string_view text) { return r.kind == Kind::Str && r.str() == text; }

}  // namespace sentinel::rules
