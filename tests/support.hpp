// Helpers shared by the tests: repository paths, file reading, assembling
// .pasm text and scanning bytes.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "pickle/machine.hpp"
#include "rules/analyzer.hpp"
#include "sentinel/finding.hpp"

namespace sentinel::test {

std::filesystem::path source_dir();
std::string read_file(const std::filesystem::path& p);
// Names of the files in a repository folder with this extension, sorted.
std::vector<std::string> files_in(const std::string& folder, const std::string& extension);
// Assembles .pasm text; fails the current test on a syntax error.
std::string pasm(const std::string& source);
// A trace together with the bytes it points into (traces reference the
// scanned buffer instead of copying strings).
struct Traced {
  std::shared_ptr<const std::string> bytes;
  pickle::FileTrace trace;
};
Traced trace(std::string bytes);
std::vector<Finding> scan(const std::string& bytes, bool persistent_ids_expected = false);
bool has_rule(const std::vector<Finding>& findings, const std::string& rule, const std::string& substring = {});
std::string describe(const std::vector<Finding>& findings);
// Checks a sample's `#! expect RULE [substring]`, `#! expect-not RULE` and
// `#! expect-clean` directives against its findings; a sample needs one.
void expect_directives(const std::vector<std::string>& directives, const std::vector<Finding>& findings);
// Compares `actual` with tests/golden/<name>; SENTINEL_UPDATE_GOLDEN=1 rewrites it.
void check_golden(const std::string& name, const std::string& actual);
// Runs a command, returns its stdout; `status` gets the exit code.
std::string run_command(const std::string& command, int& status);
// Test names from file names: anything but letters and digits becomes '_'.
struct ParamName {
  std::string operator()(const ::testing::TestParamInfo<std::string>& info) const;
};

}  // namespace sentinel::test
