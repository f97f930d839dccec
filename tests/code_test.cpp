// `sentinel code`: unsafe model loads in Python sources, found through
// imports and aliases, with safe look-alikes silent. Fixtures in
// tests/fixtures/code mark each expected sink with `# expect: TARGET`.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>

#include "code/python_tree.hpp"
#include "code/sink_catalogue.hpp"
#include "code/unsafe_loads.hpp"
#include "code/unpinned_downloads.hpp"
#include "engine/source_scan.hpp"
#include "rules/catalogue.hpp"
#include "sentinel/scan.hpp"
#include "support.hpp"

namespace sentinel::data {
extern const std::string_view k_sinks_txt;
extern const std::string_view k_downloads_txt;
extern const std::string_view k_sources_txt;
}  // namespace sentinel::data

namespace sentinel {
namespace {

// The compiled-in catalogues are reviewed data: a malformed line is a defect.
TEST(CodeCatalogues, EveryLineOfTheCompiledInDataParses) {
  std::vector<std::string> errors;
  EXPECT_EQ(code::parse_sinks(data::k_sinks_txt, errors).size(), code::sink_catalogue().size());
  EXPECT_EQ(code::parse_downloads(data::k_downloads_txt, errors).size(), code::download_catalogue().size());
  EXPECT_EQ(code::parse_sources(data::k_sources_txt, errors).size(), code::source_catalogue().size());
  EXPECT_TRUE(errors.empty()) << errors.front();
  EXPECT_GE(code::sink_catalogue().size(), 20U);
  EXPECT_GE(code::source_catalogue().size(), 20U);
}

// "line RULE target" of every `# expect: RULE TARGET` comment.
std::vector<std::string> expectations(const std::string& source) {
  std::vector<std::string> out;
  std::istringstream in(source);
  std::string line;
  for (std::uint32_t n = 1; std::getline(in, line); ++n) {
    const auto at = line.find("# expect: ");
    if (at != std::string::npos) out.push_back(std::to_string(n) + " " + line.substr(at + 10));
  }
  return out;
}

class CodeFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(CodeFixture, ReportsExactlyTheMarkedCalls) {
  const std::string source = test::read_file(test::source_dir() / "tests/fixtures/code" / GetParam());
  std::vector<std::string> found;
  for (const auto& f : engine::scan_source(source, GetParam()).findings) {
    // Catalogue targets: "transformers.*.from_pretrained" is reported with its resolved class.
    const std::string target = f.rule_id == "PICKLE-SRC-UNPINNED" && f.name == "from_pretrained"
                                   ? f.module.substr(0, f.module.find('.')) + ".*.from_pretrained"
                                   : f.module + "." + f.name;
    found.push_back(std::to_string(*f.location.line) + " " + f.rule_id + " " + target);
  }
  std::sort(found.begin(), found.end(), [](const std::string& a, const std::string& b) {
    return std::stoul(a) < std::stoul(b);
  });
  EXPECT_EQ(found, expectations(source));
}

// The flow evidence names every step, source first, with lines: here through
// a helper's return value and another function's parameter.
TEST(CodeScan, TaintedLoadEvidenceListsEveryStep) {
  const auto source = test::read_file(test::source_dir() / "tests/fixtures/code/flows.py");
  const auto report = engine::scan_source(source, "flows.py");
  ASSERT_FALSE(report.findings.empty());
  const Finding& f = report.findings.front();
  EXPECT_EQ(f.rule_id, "PICKLE-SRC-TAINTED-LOAD");
  EXPECT_EQ(f.severity, Severity::Critical);
  std::size_t at = 0;
  for (const char* step : {"flows.py:17 source requests.get", "flows.py:17 assigned to resp", "flows.py:18 returned by fetch()",
                           "flows.py:36 assigned to data", "flows.py:37 passed to restore(blob)", "flows.py:22 the load"}) {
    const auto found = f.evidence.find(step, at);
    ASSERT_NE(found, std::string::npos) << step << " in " << f.evidence;
    at = found;
  }
}

// Nesting far deeper than any recursion could follow: bounded, no crash, and
// the sink is still found (the tree walks are iterative).
TEST(CodeScan, DeepNestingIsBounded) {
  const std::size_t n = 50000;
  const std::string brackets = "import pickle\nx = " + std::string(n, '[') + "pickle.loads(b)" + std::string(n, ']') + "\n";
  EXPECT_TRUE(test::has_rule(engine::scan_source(brackets, "deep.py").findings, "PICKLE-SRC-UNSAFE-LOAD"));
  std::string chain = "import pickle\nx = pickle";
  for (std::size_t i = 0; i < n; ++i) chain += ".a";
  (void)engine::scan_source(chain + "(b)\n", "chain.py");
}

// HIGH when the repository's code runs too, or when the download is then unpickled.
TEST(CodeScan, RemoteCodeOrAnUnpickledDownloadMakesAnUnpinnedDownloadHigh) {
  const auto source = test::read_file(test::source_dir() / "tests/fixtures/code/downloads.py");
  int remote_code = 0;
  int unpickled = 0;
  for (const auto& f : engine::scan_source(source, "downloads.py").findings) {
    if (f.rule_id != "PICKLE-SRC-UNPINNED") continue;
    const bool runs_code = f.evidence.find("trust_remote_code=True") != std::string::npos;
    const bool loaded = f.evidence.find("the download is then unpickled at downloads.py:") != std::string::npos;
    EXPECT_EQ(f.severity, runs_code || loaded ? Severity::High : Severity::Medium) << f.evidence;
    remote_code += runs_code ? 1 : 0;
    unpickled += loaded ? 1 : 0;
  }
  EXPECT_EQ(remote_code, 1);
  EXPECT_EQ(unpickled, 1);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, CodeFixture, ::testing::ValuesIn(test::files_in("tests/fixtures/code", ".py")),
                         test::ParamName{});

TEST(DownloadCatalogue, CompiledInCatalogueParses) {
  std::vector<std::string> errors;
  EXPECT_FALSE(code::download_catalogue().empty());
  (void)code::parse_downloads("torch.hub.load repo-ref\nx.y sometimes\nz\n", errors);
  EXPECT_EQ(errors.size(), 2U);
}

TEST(SinkCatalogue, CompiledInCatalogueParses) {
  std::vector<std::string> errors;
  EXPECT_FALSE(code::sink_catalogue().empty());
  (void)code::parse_sinks("pickle loads always\ntorch load unless:weights_only\n", errors);
  EXPECT_TRUE(errors.empty());
  (void)code::parse_sinks("pickle loads\nx y sometimes\n", errors);
  EXPECT_EQ(errors.size(), 2U);
}

TEST(CodeScan, FindingsCarryLineColumnRetestAndFailTheGate) {
  ScanOptions options;
  options.exclude = {"apps/", "notebooks/"};
  const auto report = scan_code({(test::source_dir() / "tests/fixtures/code").string()}, options);
  ASSERT_EQ(report.files.size(), test::files_in("tests/fixtures/code", ".py").size());
  bool saw_syntax_note = false;
  for (const auto& f : report.files) {
    EXPECT_EQ(f.format, "python");
    saw_syntax_note = saw_syntax_note || f.error.find("syntax errors") != std::string::npos;
    for (const auto& x : f.findings) {
      EXPECT_TRUE(x.rule_id.starts_with("PICKLE-SRC-"));
      ASSERT_TRUE(x.location.line.has_value());
      EXPECT_NE(x.location.display().find(":" + std::to_string(*x.location.line) + ":"), std::string::npos);
      EXPECT_TRUE(x.retest.starts_with("sentinel code --rule " + x.rule_id + " "));
    }
  }
  EXPECT_TRUE(saw_syntax_note);
}

// A flow through a long chain of calls settles (a worklist, not a fixed
// number of rounds), and its evidence keeps the source and the last steps.
TEST(CodeScan, ALongCallChainSettlesWithShortEvidence) {
  constexpr int kChain = 400;
  std::string source = "import pickle, sys\n";
  for (int i = 0; i < kChain; ++i) {
    source += "def f" + std::to_string(i) + "(x):\n    pickle.loads(x)\n    return f" + std::to_string(i + 1) + "(x)\n";
  }
  source += "def f" + std::to_string(kChain) + "(x):\n    return x\nf0(sys.argv[1])\n";
  const auto report = engine::scan_source(source, "chain.py");
  ASSERT_EQ(report.findings.size(), static_cast<std::size_t>(kChain));
  for (const auto& f : report.findings) EXPECT_EQ(f.rule_id, "PICKLE-SRC-TAINTED-LOAD") << f.evidence;
  const std::string& last = report.findings.back().evidence;
  EXPECT_NE(last.find("source sys.argv"), std::string::npos) << last;
  EXPECT_NE(last.find("more steps ...]"), std::string::npos) << last;
  EXPECT_LT(last.size(), 3000U);
}

// A notebook's code cells are analysed as one program: findings and every
// step of their flow name the cell and the line in it; magics are not Python.
TEST(CodeScan, NotebookFindingsNameTheirCell) {
  const auto report = scan_code({(test::source_dir() / "tests/fixtures/code/notebooks").string()}, ScanOptions{});
  ASSERT_EQ(report.files.size(), 1U);
  const FileReport& nb = report.files.front();
  EXPECT_EQ(nb.format, "notebook");
  EXPECT_TRUE(nb.error.empty()) << nb.error;
  std::vector<std::string> found;
  for (const auto& f : nb.findings) {
    const std::string display = f.location.display();
    found.push_back(f.rule_id + " " + display.substr(display.find('!')));
    if (f.rule_id == "PICKLE-SRC-TAINTED-LOAD") {
      EXPECT_NE(f.evidence.find("evaluate.ipynb!cell-3:1 source huggingface_hub.hf_hub_download"), std::string::npos)
          << f.evidence;
    }
  }
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, (std::vector<std::string>{"PICKLE-SRC-TAINTED-LOAD !cell-3:2:9", "PICKLE-SRC-UNPINNED !cell-3:1:8",
                                             "PICKLE-SRC-UNSAFE-LOAD !cell-5:2:16"}));
}

TEST(CodeScan, ABrokenNotebookIsAFileError) {
  const auto parsed = engine::scan_source(R"({"cells": 3, "nbformat": 4})", "broken.ipynb");
  EXPECT_NE(parsed.error.find("not a Jupyter notebook"), std::string::npos) << parsed.error;
  EXPECT_EQ(parsed.status, FileStatus::Error);
  const auto text = engine::scan_source("{not json", "broken2.ipynb");
  EXPECT_EQ(text.status, FileStatus::Error);
}

// The application corpus (tests/fixtures/code/apps): each folder is scanned as
// one tree, and every marker `# expect: RULE TARGET [severity=S] [source=FILE:LINE]`
// must be found, once, with nothing else; a `source=` must open the flow.
class CodeApp : public ::testing::TestWithParam<std::string> {};

std::vector<std::string> app_names() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(test::source_dir() / "tests/fixtures/code/apps")) {
    if (e.is_directory()) out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST_P(CodeApp, ReportsEveryMarkedCallOnceAndNothingElse) {
  const std::string root = (test::source_dir() / "tests/fixtures/code/apps" / GetParam()).string();
  std::vector<std::string> expected;
  std::map<std::string, std::string> sources;  // "file:line RULE" -> "file:line" of the source
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    if (e.path().extension() != ".py") continue;
    const std::string rel = std::filesystem::relative(e.path(), root).generic_string();
    for (const auto& marker : expectations(test::read_file(e.path()))) {
      std::istringstream words(marker);
      std::string line, rule, target, extra;
      words >> line >> rule >> target;
      std::string entry = rel + ":" + line + " " + rule + " " + target;
      while (words >> extra) {
        if (extra.starts_with("source=")) {
          sources[rel + ":" + line + " " + rule] = extra.substr(7);
        } else {
          entry += " " + extra;
        }
      }
      expected.push_back(entry);
    }
  }
  std::vector<std::string> found;
  for (const auto& file : scan_code({root}, ScanOptions{}).files) {
    EXPECT_TRUE(file.error.empty()) << file.path << ": " << file.error;
    const std::string rel = file.path.substr(root.size() + 1);
    for (const auto& f : file.findings) {
      const std::string target = f.rule_id == "PICKLE-SRC-UNPINNED" && f.name == "from_pretrained"
                                     ? f.module.substr(0, f.module.find('.')) + ".*.from_pretrained"
                                     : f.module + "." + f.name;
      const std::string at = rel + ":" + std::to_string(*f.location.line) + " " + f.rule_id;
      std::string entry = at + " " + target;
      if (f.severity != rules::find_rule(f.rule_id)->severity) entry += std::string(" severity=") + severity_name(f.severity);
      found.push_back(entry);
      if (const auto source = sources.find(at); source != sources.end()) {
        const std::string step = "[" + root + "/" + source->second + " source";
        EXPECT_NE(f.evidence.find(step), std::string::npos) << at << " should flow from " << source->second << ": " << f.evidence;
      }
    }
  }
  std::sort(expected.begin(), expected.end());
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, expected);
}

INSTANTIATE_TEST_SUITE_P(Apps, CodeApp, ::testing::ValuesIn(app_names()), test::ParamName{});

}  // namespace
}  // namespace sentinel
