// Git LFS pointers (engine/lfs_pointer.hpp): recognised by the specification's
// shape only, and a pointer among scanned files is a file not scanned.
#include <gtest/gtest.h>

#include "engine/lfs_pointer.hpp"
#include "sentinel/scan.hpp"

namespace sentinel {
namespace {

const std::string kOid = "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393";
const std::string kPointer = "version https://git-lfs.github.com/spec/v1\noid sha256:" + kOid + "\nsize 12345\n";

TEST(LfsPointer, ReadsThePointer) {
  const auto pointer = engine::lfs_pointer(kPointer);
  ASSERT_TRUE(pointer);
  EXPECT_EQ(pointer->oid, kOid);
  EXPECT_EQ(pointer->size, 12345U);
  // Extension lines (ext-0-...) sort before oid; the last newline is optional.
  EXPECT_TRUE(engine::lfs_pointer("version https://git-lfs.github.com/spec/v1\next-0-foo sha256:" + kOid +
                                  "\noid sha256:" + kOid + "\nsize 1"));
}

TEST(LfsPointer, AnythingElseIsNoPointer) {
  EXPECT_FALSE(engine::lfs_pointer(""));
  EXPECT_FALSE(engine::lfs_pointer("version https://git-lfs.github.com/spec/v1\n"));
  EXPECT_FALSE(engine::lfs_pointer("version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 1\n"));
  EXPECT_FALSE(engine::lfs_pointer("version https://git-lfs.github.com/spec/v1\noid sha256:" + kOid + "\nsize x\n"));
  EXPECT_FALSE(engine::lfs_pointer("oid sha256:" + kOid + "\nsize 1\n"));
  // The specification caps pointers under 1024 bytes: a large file that happens
  // to start like one is scanned as what it is.
  EXPECT_FALSE(engine::lfs_pointer(kPointer + std::string(1024, '\n')));
}

TEST(LfsPointer, APointerIsAFileNotScanned) {
  const FileReport r = scan_buffer(kPointer, "pytorch_model.bin", {});
  EXPECT_EQ(r.status, FileStatus::Error);
  EXPECT_EQ(r.format, "git-lfs-pointer");
  EXPECT_NE(r.error.find("git lfs pull"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find(kOid), std::string::npos) << r.error;
}

}  // namespace
}  // namespace sentinel
