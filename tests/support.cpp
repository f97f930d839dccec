// See support.hpp.
#include "support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

#include "pickle/assembler.hpp"

namespace sentinel::test {

std::filesystem::path source_dir() { return SENTINEL_SOURCE_DIR; }

void check_golden(const std::string& name, const std::string& actual) {
  const auto golden = source_dir() / "tests/golden" / name;
  if (std::getenv("SENTINEL_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(golden, std::ios::binary) << actual;
    return;
  }
  EXPECT_EQ(read_file(golden), actual) << "golden " << name << " differs; rerun with SENTINEL_UPDATE_GOLDEN=1";
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> files_in(const std::string& folder, const std::string& extension) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(source_dir() / folder)) {
    if (e.path().extension() == extension) out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string pasm(const std::string& source) {
  auto a = pickle::assemble(source);
  EXPECT_TRUE(a.has_value()) << (a ? "" : a.error().message);
  return a ? a->bytes : std::string();
}

Traced trace(std::string bytes) {
  auto owned = std::make_shared<const std::string>(std::move(bytes));
  auto t = pickle::trace_pickles(*owned, Limits{});
  return Traced{std::move(owned), std::move(t)};
}

std::vector<Finding> scan(const std::string& bytes, bool persistent_ids_expected) {
  rules::ArtifactContext ctx;
  ctx.path = "sample.pkl";
  ctx.retest_target = "sample.pkl";
  ctx.persistent_ids_expected = persistent_ids_expected;
  bool is_pickle = false;
  return rules::scan_pickle_bytes(bytes, ctx, is_pickle);
}

bool has_rule(const std::vector<Finding>& findings, const std::string& rule, const std::string& substring) {
  for (const auto& f : findings) {
    if (f.rule_id != rule) continue;
    if (substring.empty() || f.evidence.find(substring) != std::string::npos ||
        f.location.display().find(substring) != std::string::npos) {
      return true;
    }
  }
  return false;
}

std::string describe(const std::vector<Finding>& findings) {
  std::string out;
  for (const auto& f : findings) out += "  " + f.rule_id + " " + f.location.display() + ": " + f.evidence + "\n";
  return out.empty() ? "  (no findings)\n" : out;
}

std::string run_command(const std::string& command, int& status) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) {
    status = -1;
    return out;
  }
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  const int rc = ::pclose(p);
  status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return out;
}

std::string ParamName::operator()(const ::testing::TestParamInfo<std::string>& info) const {
  std::string name = info.param;
  for (auto& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

void expect_directives(const std::vector<std::string>& directives, const std::vector<Finding>& findings) {
  std::size_t expectations = 0;
  for (const auto& d : directives) {
    std::istringstream in(d);
    std::string verb;
    std::string rule;
    in >> verb >> rule;
    std::string substring;
    std::getline(in >> std::ws, substring);
    if (verb == "expect") {
      ++expectations;
      EXPECT_TRUE(has_rule(findings, rule, substring))
          << "expected " << rule << " " << substring << "\n" << describe(findings);
    } else if (verb == "expect-not") {
      ++expectations;
      EXPECT_FALSE(has_rule(findings, rule)) << "unexpected " << rule << "\n" << describe(findings);
    } else if (verb == "expect-clean") {
      ++expectations;
      EXPECT_TRUE(findings.empty()) << describe(findings);
    }
  }
  EXPECT_GT(expectations, 0U) << "sample has no #! expect line";
}

}  // namespace sentinel::test
