// The engine: walking, detection by content (never by extension), per-file
// errors that do not stop the scan, deterministic order, parallel scanning.
#include <gtest/gtest.h>

#include <fstream>

#include "engine/formats.hpp"
#include "sentinel/scan.hpp"
#include "support.hpp"

namespace sentinel {
namespace {

namespace fs = std::filesystem;

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sentinel-engine-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "sub");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& bytes) {
    fs::create_directories((dir_ / name).parent_path());
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
  }
  const FileReport& file(const ScanReport& r, const std::string& name) {
    for (const auto& f : r.files) {
      if (f.path == (dir_ / name).string()) return f;
    }
    ADD_FAILURE() << "no report for " << name;
    return r.files.front();
  }
  fs::path dir_;
};

TEST_F(EngineTest, DetectsByContentNotByName) {
  const std::string evil = test::pasm("PROTO 2\nGLOBAL \"os\" \"system\"\nSHORT_BINUNICODE \"id\"\nTUPLE1\nREDUCE\nSTOP");
  write("notes.txt", evil);
  write("model.safetensors", evil);
  write("picture.png", std::string("\x89PNG\r\n\x1a\n", 8) + "rest");
  write("real.safetensors", std::string("\x04\x00\x00\x00\x00\x00\x00\x00{}  ", 12));
  write("readme.md", "# hello\n");
  write("sub/archive.zip", std::string("PK\x03\x04", 4) + "rest");
  const auto report = scan_artifacts({dir_.string()}, ScanOptions{});
  ASSERT_EQ(report.files.size(), 6U);
  EXPECT_EQ(file(report, "notes.txt").status, FileStatus::Findings);
  EXPECT_EQ(file(report, "model.safetensors").status, FileStatus::Findings);
  EXPECT_EQ(file(report, "picture.png").status, FileStatus::Skipped);
  EXPECT_EQ(file(report, "picture.png").format, "png");
  EXPECT_EQ(file(report, "real.safetensors").format, "safetensors");
  EXPECT_EQ(file(report, "readme.md").format, "not-pickle");
  // A zip that is only a local header signature: opened, and its damage reported.
  EXPECT_EQ(file(report, "sub/archive.zip").format, "zip");
  EXPECT_TRUE(test::has_rule(file(report, "sub/archive.zip").findings, "PICKLE-STRUCT", "zip-"));
}

TEST_F(EngineTest, OrderIsDeterministicAndParallelMatchesSerial) {
  for (int i = 0; i < 40; ++i) write("f" + std::to_string(i) + ".pkl", test::pasm("PROTO 4\nBININT1 " + std::to_string(i) + "\nSTOP"));
  ScanOptions one;
  one.jobs = 1;
  ScanOptions many;
  many.jobs = 4;
  const auto a = scan_artifacts({dir_.string()}, one);
  const auto b = scan_artifacts({dir_.string()}, many);
  ASSERT_EQ(a.files.size(), b.files.size());
  for (std::size_t i = 0; i < a.files.size(); ++i) EXPECT_EQ(a.files[i].path, b.files[i].path);
  EXPECT_TRUE(std::is_sorted(a.files.begin(), a.files.end(),
                             [](const FileReport& x, const FileReport& y) { return x.path < y.path; }));
}

TEST_F(EngineTest, MissingFilesAndSymlinksAreReportedAndTheScanGoesOn) {
  write("ok.pkl", test::pasm("PROTO 4\nNONE\nSTOP"));
  write("blobs/evil", test::pasm("PROTO 2\nGLOBAL \"os\" \"system\"\nSHORT_BINUNICODE \"id\"\nTUPLE1\nREDUCE\nSTOP"));
  fs::create_symlink("/etc/passwd", dir_ / "link.pkl");
  fs::create_directories(dir_ / "snap");
  fs::create_symlink("../blobs/evil", dir_ / "snap" / "model.bin");
  fs::create_symlink("nowhere", dir_ / "dangling.pkl");
  fs::create_symlink("blobs", dir_ / "dirlink");
  const auto report = scan_artifacts({(dir_ / "missing.pkl").string(), dir_.string()}, ScanOptions{});
  ASSERT_EQ(report.files.size(), 7U);
  EXPECT_EQ(report.files[0].status, FileStatus::Error);
  // Out of the scanned tree: never opened, and the scan cannot pass.
  EXPECT_EQ(file(report, "link.pkl").status, FileStatus::Error);
  EXPECT_NE(file(report, "link.pkl").error.find("outside the scanned folder"), std::string::npos);
  EXPECT_EQ(file(report, "dangling.pkl").status, FileStatus::Error);
  EXPECT_EQ(file(report, "dirlink").status, FileStatus::Skipped);
  // Inside it (a Hugging Face snapshot linking into blobs/): followed, reported under the link's path.
  EXPECT_TRUE(test::has_rule(file(report, "snap/model.bin").findings, "PICKLE-EXEC"));
  EXPECT_EQ(file(report, "snap/model.bin").findings[0].location.path, (dir_ / "snap/model.bin").string());
  EXPECT_EQ(file(report, "ok.pkl").status, FileStatus::Clean);
}

TEST_F(EngineTest, HuggingFaceCacheFindingsNameRepoAndRevision) {
  const std::string rev = "0123456789abcdef0123456789abcdef01234567";
  write("models--acme--tiny/blobs/abc", test::pasm("PROTO 2\nGLOBAL \"os\" \"system\"\nSHORT_BINUNICODE \"id\"\nTUPLE1\nREDUCE\nSTOP"));
  fs::create_directories(dir_ / "models--acme--tiny/snapshots" / rev);
  fs::create_symlink("../../blobs/abc", dir_ / "models--acme--tiny/snapshots" / rev / "pytorch_model.bin");
  write("models--acme--tiny/refs/main", rev);
  const auto report = scan_artifacts({dir_.string()}, ScanOptions{});
  const auto& f = file(report, "models--acme--tiny/snapshots/" + rev + "/pytorch_model.bin");
  ASSERT_FALSE(f.findings.empty());
  EXPECT_EQ(f.findings[0].location.origin, "hf:acme/tiny@" + rev);
  EXPECT_EQ(f.origin, "hf:acme/tiny@" + rev);
  // The blob is scanned through its snapshot link only (issue 15: scanning
  // the hub root reported every finding twice), and refs/ is read for names.
  EXPECT_EQ(report.files.size(), 1U);
  EXPECT_EQ(report.revision_refs.at("hf:acme/tiny@" + rev), std::vector<std::string>{"main"});
}

// Issue 15: a linked folder named as an argument was skipped (exit 0).
TEST_F(EngineTest, ALinkedFolderArgumentIsFollowed) {
  write("real/model.pkl", test::pasm("PROTO 2\nGLOBAL \"os\" \"system\"\nSHORT_BINUNICODE \"id\"\nTUPLE1\nREDUCE\nSTOP"));
  fs::create_symlink(dir_ / "real", dir_ / "linked");
  const auto report = scan_artifacts({(dir_ / "linked").string()}, ScanOptions{});
  ASSERT_EQ(report.files.size(), 1U);
  EXPECT_EQ(report.files[0].path, (dir_ / "linked/model.pkl").string());
  EXPECT_TRUE(test::has_rule(report.files[0].findings, "PICKLE-EXEC"));
}

// A snapshot folder alone (what snapshot_download returns): its links lead
// into the repository's blobs, and only there.
TEST_F(EngineTest, HuggingFaceSnapshotFolderFollowsLinksIntoItsBlobsOnly) {
  const std::string rev = "0123456789abcdef0123456789abcdef01234567";
  const fs::path snapshot = dir_ / "models--acme--tiny/snapshots" / rev;
  write("models--acme--tiny/blobs/abc", test::pasm("PROTO 2\nGLOBAL \"os\" \"system\"\nSHORT_BINUNICODE \"id\"\nTUPLE1\nREDUCE\nSTOP"));
  write("models--other--repo/blobs/def", test::pasm("PROTO 4\nNONE\nSTOP"));
  fs::create_directories(snapshot);
  fs::create_directories(dir_ / "models--other--repo/snapshots");
  fs::create_symlink("../../blobs/abc", snapshot / "model.bin");
  fs::create_symlink("../../../models--other--repo/blobs/def", snapshot / "other.bin");
  const auto report = scan_artifacts({snapshot.string()}, ScanOptions{});
  ASSERT_EQ(report.files.size(), 2U);
  const auto& model = file(report, "models--acme--tiny/snapshots/" + rev + "/model.bin");
  EXPECT_TRUE(test::has_rule(model.findings, "PICKLE-EXEC"));
  EXPECT_EQ(model.origin, "hf:acme/tiny@" + rev);
  const auto& other = file(report, "models--acme--tiny/snapshots/" + rev + "/other.bin");
  EXPECT_EQ(other.status, FileStatus::Error);
  EXPECT_NE(other.error.find("outside the scanned folder"), std::string::npos) << other.error;
}

// Revisions sharing a blob: scanned once, reported under each revision.
TEST_F(EngineTest, HuggingFaceBlobSharedByRevisionsIsReportedPerRevision) {
  const std::string evil = test::pasm("PROTO 2\nGLOBAL \"os\" \"system\"\nSHORT_BINUNICODE \"id\"\nTUPLE1\nREDUCE\nSTOP");
  write("models--acme--tiny/blobs/abc", evil);
  for (const std::string rev : {"1111", "2222"}) {
    fs::create_directories(dir_ / "models--acme--tiny/snapshots" / rev);
    fs::create_symlink("../../blobs/abc", dir_ / "models--acme--tiny/snapshots" / rev / "model.bin");
  }
  const auto report = scan_artifacts({(dir_ / "models--acme--tiny").string()}, ScanOptions{});
  ASSERT_EQ(report.files.size(), 2U);
  const auto& a = file(report, "models--acme--tiny/snapshots/1111/model.bin");
  const auto& b = file(report, "models--acme--tiny/snapshots/2222/model.bin");
  ASSERT_FALSE(a.findings.empty());
  ASSERT_FALSE(b.findings.empty());
  EXPECT_EQ(b.findings[0].location.path, b.path);
  EXPECT_EQ(b.findings[0].location.origin, "hf:acme/tiny@2222");
  EXPECT_NE(a.findings[0].fingerprint, b.findings[0].fingerprint);
  EXPECT_EQ(report.revision_refs.size(), 2U);
}

TEST_F(EngineTest, RuleFilterKeepsOnlySelectedRules) {
  write("x.pkl", test::pasm("PROTO 2\nGLOBAL \"os\" \"system\"\nSHORT_BINUNICODE \"id\"\nTUPLE1\nREDUCE\nNONE\nSTOP"));
  ScanOptions options;
  options.rules = {"PICKLE-STRUCT"};
  const auto report = scan_artifacts({dir_.string()}, options);
  ASSERT_FALSE(report.files[0].findings.empty());
  for (const auto& f : report.files[0].findings) EXPECT_EQ(f.rule_id, "PICKLE-STRUCT");
}

TEST_F(EngineTest, FileSizeLimitIsAPerFileError) {
  write("big.pkl", std::string(1000, 'N') + ".");
  ScanOptions options;
  options.limits.max_file_size = 10;
  const auto report = scan_artifacts({dir_.string()}, options);
  EXPECT_EQ(report.files[0].status, FileStatus::Error);
  EXPECT_NE(report.files[0].error.find("file_size"), std::string::npos);
}

}  // namespace
}  // namespace sentinel
