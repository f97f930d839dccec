// See python_literal.hpp.
#include "input/python_literal.hpp"

#include <cctype>
#include <charconv>

namespace sentinel::input {
namespace {

class Parser {
 public:
  Parser(std::string_view text, unsigned max_depth) : s_(text), max_depth_(max_depth) {}

  Expected<Literal> parse_all() {
    Literal out;
    if (!value(out, 0)) return Error{error_};
    skip_space();
    if (pos_ != s_.size()) return Error{"unexpected text at offset " + std::to_string(pos_)};
    return out;
  }

 private:
  bool fail(std::string message) {
    if (error_.empty()) error_ = std::move(message) + " at offset " + std::to_string(pos_);
    return false;
  }
  void skip_space() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }
  bool eat(char c) {
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool word(std::string_view w) {
    if (s_.substr(pos_, w.size()) != w) return false;
    const std::size_t end = pos_ + w.size();
    if (end < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[end])) != 0 || s_[end] == '_')) return false;
    pos_ = end;
    return true;
  }

  bool value(Literal& out, unsigned depth) {
    if (depth > max_depth_) return fail("nesting deeper than " + std::to_string(max_depth_));
    skip_space();
    if (pos_ >= s_.size()) return fail("unexpected end");
    const char c = s_[pos_];
    if (c == '{') return sequence(out, Literal::Kind::Dict, '}', depth);
    if (c == '[') return sequence(out, Literal::Kind::List, ']', depth);
    if (c == '(') return sequence(out, Literal::Kind::Tuple, ')', depth);
    if (c == '\'' || c == '"') return string(out);
    if (word("True") || word("False")) {
      out.kind = Literal::Kind::Bool;
      out.boolean = s_[pos_ - 2] == 'u';
      return true;
    }
    if (word("None")) {
      out.kind = Literal::Kind::None;
      return true;
    }
    return number(out);
  }

  // Dict items alternate key, value; a one-item tuple needs its comma, as in Python.
  bool sequence(Literal& out, Literal::Kind kind, char close, unsigned depth) {
    ++pos_;
    out.kind = kind;
    bool trailing_comma = false;
    while (!eat(close)) {
      if (!out.items.empty() && !trailing_comma) return fail("expected ',' or '" + std::string(1, close) + "'");
      Literal item;
      if (!value(item, depth + 1)) return false;
      out.items.push_back(std::move(item));
      if (kind == Literal::Kind::Dict) {
        if (!eat(':')) return fail("expected ':'");
        Literal v;
        if (!value(v, depth + 1)) return false;
        out.items.push_back(std::move(v));
      }
      trailing_comma = eat(',');
    }
    if (kind == Literal::Kind::Tuple && out.items.size() == 1 && !trailing_comma) {
      Literal inner = std::move(out.items[0]);  // (x) is x, not a tuple
      out = std::move(inner);
    }
    return true;
  }

  bool string(Literal& out) {
    const char quote = s_[pos_++];
    out.kind = Literal::Kind::Str;
    while (pos_ < s_.size() && s_[pos_] != quote) {
      char c = s_[pos_++];
      if (c == '\n') return fail("newline in string");
      if (c == '\\') {
        if (pos_ >= s_.size()) break;
        c = s_[pos_++];
        switch (c) {
          case 'n': c = '\n'; break;
          case 't': c = '\t'; break;
          case '\\': case '\'': case '"': break;
          default: return fail("unsupported escape \\" + std::string(1, c));
        }
      }
      out.text.push_back(c);
    }
    if (pos_ >= s_.size()) return fail("unterminated string");
    ++pos_;
    return true;
  }

  bool number(Literal& out) {
    const std::size_t start = pos_;
    if (pos_ < s_.size() && (s_[pos_] == '-' || s_[pos_] == '+')) ++pos_;
    while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_])) != 0) ++pos_;
    // Python 2 headers wrote shapes as (3L, 4L).
    std::string_view digits = s_.substr(start, pos_ - start);
    if (pos_ < s_.size() && s_[pos_] == 'L') ++pos_;
    if (!digits.empty() && digits[0] == '+') digits.remove_prefix(1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out.integer);
    if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size()) {
      pos_ = start;
      return fail("expected a literal");
    }
    out.kind = Literal::Kind::Int;
    return true;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  unsigned max_depth_;
  std::string error_;
};

}  // namespace

const Literal* Literal::get(std::string_view key) const {
  if (kind != Kind::Dict) return nullptr;
  for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
    if (items[i].kind == Kind::Str && items[i].text == key) return &items[i + 1];
  }
  return nullptr;
}

Expected<Literal> parse_python_literal(std::string_view text, unsigned max_depth) {
  return Parser(text, max_depth).parse_all();
}

}  // namespace sentinel::input
