// Differential test: for benign fixtures, the globals the machine resolves
// equal the ones CPython's unpickler asks find_class for (scripts/
// record_globals.py, placeholders instead of imports, in a subprocess).
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "rules/callable_resolution.hpp"
#include "support.hpp"

namespace sentinel {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> machine_globals(const std::string& bytes) {
  const auto traced = test::trace(bytes);
  const auto& t = traced.trace;
  std::vector<std::string> out;
  for (const auto& s : t.streams) {
    if (s.file_reader_view) continue;
    for (const auto& e : s.events) {
      if (e.kind != pickle::EventKind::Import) continue;
      const auto& g = t.values.node(e.subject);
      out.push_back(std::string(g.a.str()) + " " + std::string(g.b.str()));
    }
  }
  return out;
}

std::vector<std::string> cpython_globals(const fs::path& file) {
  int status = 0;
  const auto out = test::run_command("/usr/bin/python3 " + (test::source_dir() / "scripts/record_globals.py").string() +
                                         " --impl c '" + file.string() + "'",
                                     status);
  EXPECT_EQ(status, 0) << out;
  std::vector<std::string> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.rfind("==", 0) != 0) lines.push_back(line);
  }
  return lines;
}

TEST(Differential, GlobalsMatchCPythonFindClass) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(test::source_dir() / "tests/fixtures/real")) {
    if (e.path().extension() == ".pkl") files.push_back(e.path());
  }
  files.push_back(test::source_dir() / "examples/clean_model.pkl");
  std::sort(files.begin(), files.end());
  ASSERT_GT(files.size(), 20U);
  for (const auto& f : files) {
    EXPECT_EQ(machine_globals(test::read_file(f)), cpython_globals(f)) << f.filename();
  }
}

}  // namespace
}  // namespace sentinel
