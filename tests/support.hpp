// Helpers shared by the tests: repository paths, file reading, assembling
// .pasm text and scanning bytes.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "pickle/machine.hpp"
#include "rules/analyzer.hpp"
#include "sentinel/finding.hpp"

namespace sentinel::test {

std::filesystem::path source_dir();
std::string read_file(const std::filesystem::path& p);
// Assembles .pasm text; fails the current test on a syntax error.
std::string pasm(const std::string& source);
pickle::FileTrace trace(const std::string& bytes);
std::vector<Finding> scan(const std::string& bytes, bool persistent_ids_expected = false);
bool has_rule(const std::vector<Finding>& findings, const std::string& rule, const std::string& substring = {});
std::string describe(const std::vector<Finding>& findings);
// Runs a command, returns its stdout; `status` gets the exit code.
std::string run_command(const std::string& command, int& status);

}  // namespace sentinel::test
