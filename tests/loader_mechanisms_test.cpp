// Issue 13: files the real loaders unpickle must not pass because a container
// reader disagreed with them. One test per mechanism, each with a variation
// beside the instance and benign twins from the real writers. The samples are
// tests/fixtures/loaders (scripts/gen_loader_fixtures.py builds them as bytes
// with an os.system("true") payload; tests/python/test_loader_mechanisms.py
// proves each shape runs under the real loader).
#include <gtest/gtest.h>
#include <archive.h>
#include <zlib.h>

#include <string>
#include <vector>

#include "archive_writer.hpp"
#include "engine/artifact_scan.hpp"
#include "input/decompress.hpp"
#include "input/sevenzip_reader.hpp"
#include "input/zip_reader.hpp"
#include "support.hpp"

namespace sentinel {
namespace {

FileReport scan_bytes(const std::string& bytes, const std::string& name) {
  return engine::scan_artifact(bytes, name, ScanOptions{}, {});
}

FileReport scan_fixture(const std::string& name) {
  return scan_bytes(test::read_file(test::source_dir() / "tests/fixtures/loaders" / name), name);
}

// The payload is found as what it is (os.system called), not only as tampering.
void expect_payload(const std::string& name) {
  SCOPED_TRACE(name);
  const FileReport r = scan_fixture(name);
  EXPECT_TRUE(test::has_rule(r.findings, "PICKLE-EXEC", "os.system")) << test::describe(r.findings);
}

void expect_clean(const std::string& name) {
  SCOPED_TRACE(name);
  const FileReport r = scan_fixture(name);
  EXPECT_TRUE(r.findings.empty()) << test::describe(r.findings);
  EXPECT_EQ(r.status, FileStatus::Clean);
}

TEST(ZipLoader, DataPklNameCaseInsensitive) {
  // miniz's mz_zip_reader_locate_file with flags 0 (torch's reader) finds
  // archive/DATA.PKL for data.pkl; its persistent id needs torch semantics.
  expect_payload("zip_data_pkl_upper.pt");
  expect_payload("zip_data_pkl_mixed.pt");
  const FileReport r = scan_fixture("zip_data_pkl_mixed.pt");
  EXPECT_EQ(r.format, "torch-zip");
  EXPECT_TRUE(input::same_name_ignoring_case("archive/Data.Pkl", "archive/data.pkl"));
  EXPECT_FALSE(input::same_name_ignoring_case("archive/data.pk", "archive/data.pkl"));
  EXPECT_FALSE(input::same_name_ignoring_case("archive/d\xc3\xa1ta.pkl", "archive/data.pkl"));
  expect_clean("benign_torch.pt");
}

TEST(ZipLoader, DuplicateDataPkl) {
  // Which duplicate miniz's binary search lands on is not knowable: each
  // match of <prefix>/data.pkl is read as data.pkl.
  expect_payload("zip_duplicate_data_pkl.pt");
  expect_payload("zip_duplicate_data_pkl_case.pt");
}

TEST(ZipLoader, DcpBackToBackZips) {
  // A .distcp shard: torch.save archives back to back with raw bytes around,
  // each torch.load-ed from its byte range; the evil one first or last.
  expect_payload("zip_dcp_evil_last.distcp");
  expect_payload("zip_dcp_evil_first.distcp");
  const std::string shard = test::read_file(test::source_dir() / "tests/fixtures/loaders/zip_dcp_evil_first.distcp");
  EXPECT_EQ(input::find_archives(shard, 100).size(), 2U);
  EXPECT_TRUE(input::looks_like_zip(shard));
  // Raw bytes first and more than 64 KiB of them after: still a zip.
  const std::string buried = std::string(1000, '\x07') + shard + std::string(70000, '\x01');
  EXPECT_TRUE(input::looks_like_zip(buried));
  EXPECT_TRUE(test::has_rule(scan_bytes(buried, "buried.distcp").findings, "PICKLE-EXEC", "os.system"));
  // The last archive damaged (its central directory signatures broken): the
  // evil first one is the only whole archive, and still read on its own.
  std::string damaged = shard;
  for (auto at = damaged.find("PK\x01\x02", damaged.rfind("PK\x03\x04")); at != std::string::npos;
       at = damaged.find("PK\x01\x02", at + 1)) {
    damaged[at + 1] = 'X';
  }
  EXPECT_EQ(input::find_archives(damaged, 100).size(), 1U);
  EXPECT_TRUE(test::has_rule(scan_bytes(damaged, "damaged.distcp").findings, "PICKLE-EXEC", "os.system"));
  // Raw bytes first that happen to be a valid zlib header (the harness found
  // one): the archives after them are still read.
  const std::string zlib_like = "\x78\x5e" + std::string(30, '\x2e') + shard;
  EXPECT_TRUE(test::has_rule(scan_bytes(zlib_like, "zlib_like.distcp").findings, "PICKLE-EXEC", "os.system"));
  expect_clean("benign_dcp.distcp");
}

TEST(Joblib, WrapperByNewobj) {
  // The wrapper's array bytes read as opcodes would swallow the payload.
  expect_payload("joblib_wrapper_newobj.joblib");
  expect_payload("joblib_wrapper_newobj_ex.joblib");
  expect_payload("joblib_wrapper_dotted.joblib");  // 'joblib' + 'numpy_pickle.NumpyArrayWrapper'
  expect_clean("benign_joblib_none.joblib");
}

TEST(Joblib, WhatTheLoaderPutsInTheWrappersPlaceIsJudged) {
  // Only trusted names: type() of the array joblib reads, then a call of that
  // class. Under joblib.load(mmap_mode=...) it is numpy.memmap, which creates
  // the file (tests/python/test_guard_code_loaders.py runs it for real).
  const FileReport r = scan_fixture("joblib_memmap_type.joblib");
  EXPECT_TRUE(test::has_rule(r.findings, "PICKLE-EXEC", "numpy.memmap")) << test::describe(r.findings);
  expect_clean("benign_joblib_none.joblib");
}

TEST(Joblib, WrapperByReduceObjInst) {
  // isinstance() in NumpyUnpickler.load_build: copyreg._reconstructor,
  // OBJ/INST, and the class called with __init__ arguments.
  expect_payload("joblib_wrapper_reconstructor.joblib");
  expect_payload("joblib_wrapper_obj.joblib");
  expect_payload("joblib_wrapper_inst.joblib");
  expect_payload("joblib_wrapper_init_args.joblib");
}

TEST(Joblib, FixedDtypeIgnoresPickledElsize) {
  // numpy keeps 8 bytes for f8 (16 for c16) whatever the dtype state claims.
  expect_payload("joblib_fixed_f8_elsize1.joblib");
  expect_payload("joblib_fixed_c16_elsize2.joblib");
}

TEST(Joblib, MmapObjectArray) {
  // joblib.load(mmap_mode='r') maps an object array with allow_mmap set and
  // seeks past it.
  expect_payload("joblib_mmap_object.joblib");
}

TEST(Joblib, LzmaAlonePrefix) {
  // joblib's 'lzma' prefix is 5d 00: a 96 KiB or 12 KiB dictionary makes
  // the third byte non-zero.
  expect_payload("joblib_lzma_dict_96k.joblib");
  expect_payload("joblib_lzma_dict_12k.joblib");
  expect_clean("benign_joblib_lzma.joblib");
  expect_clean("benign_joblib_xz.joblib");
  expect_clean("benign_joblib_zlib.joblib");
}

TEST(Joblib, ZfWithout0x) {
  // read_zfile: int(length, 16) over 19 bytes.
  expect_payload("joblib_zf_without_0x.joblib");
  expect_payload("joblib_zf_signed_underscore.joblib");
  const std::string data = "\x80\x02K\x01.";
  uLongf size = compressBound(data.size());
  std::string z(size, '\0');
  ASSERT_EQ(compress(reinterpret_cast<Bytef*>(z.data()), &size, reinterpret_cast<const Bytef*>(data.data()),
                     data.size()), Z_OK);
  z.resize(size);
  for (const std::string_view field : {"5", "0X5", "0x_5", "+5", "\t5\n", "-0x0"}) {
    const std::string zf = "ZF" + (std::string(field) + std::string(19 - field.size(), ' ')) + z;
    EXPECT_EQ(input::detect_codec(zf), input::Codec::JoblibZF) << field;
  }
  for (const std::string_view field : {"0x", "5_", "1__2", "-5", "0xZ"}) {
    const std::string zf = "ZF" + (std::string(field) + std::string(19 - field.size(), ' ')) + z;
    EXPECT_FALSE(input::detect_codec(zf).has_value()) << field;
  }
  const std::string ok = "ZF" + std::string("5") + std::string(18, ' ') + z;
  EXPECT_EQ(input::decompress(input::Codec::JoblibZF, ok, 1 << 20).output, data);
}

TEST(Codecs, LzmaMixedStreams) {
  // lzma.LZMAFile auto-detects each concatenated stream on its own.
  expect_payload("codecs_lzma_alone_then_xz.xz");
  expect_payload("codecs_xz_then_alone.xz");
}

TEST(Codecs, LzmaAlonePropertiesByte) {
  // .lzma with lc/lp/pb other than 0x5d (pandas' .xz goes through LZMAFile).
  expect_payload("codecs_lzma_props_000.xz");
  expect_payload("codecs_lzma_props_112.xz");
  // Pickles never pass the header check: 0x80 and '(' are no valid
  // properties, and text pickles hold no zero bytes for the dictionary size.
  for (const std::string& pickle : {std::string("\x80\x02}q\x00.", 6), std::string("(dp0\nS'a'\np1\nI1\ns."),
                                   std::string("]q\x00(K\x01e.", 8), std::string("cos\nsystem\n(S'x'\ntR.")}) {
    EXPECT_FALSE(input::detect_codec(pickle).has_value());
  }
  // Zero bytes pass liblzma's header check (a zero dictionary rounds to
  // itself) as endless empty streams: not a codec.
  EXPECT_FALSE(input::detect_codec(std::string(64, '\0')).has_value());
  const auto zeros = input::decompress(input::Codec::LzmaAlone, std::string(1 << 20, '\0'), 1 << 20);
  EXPECT_TRUE(zeros.output.empty());
}

TEST(Codecs, GzipMembersAndBz2Streams) {
  expect_payload("codecs_gzip_members.gz");
  expect_payload("codecs_bz2_streams.bz2");
}

TEST(Npy, HeaderSpellings) {
  // numpy.dtype() spellings with objects, descr_to_dtype's tuple and list
  // forms, a repeated key (the last wins), shapes numpy's check accepts.
  for (const char* name : {"npy_object_name.npy", "npy_o8_big_endian.npy", "npy_subarray_field.npy",
                           "npy_tuple_descr.npy", "npy_nested_field.npy", "npy_repeated_key.npy",
                           "npy_bool_shape.npy", "npy_negative_shape.npy", "npy_python2_long.npy",
                           "npy_v3_utf8_field.npy", "npz_object_name.npz"}) {
    expect_payload(name);
  }
  expect_clean("benign_npy_object.npy");
  expect_clean("benign_npy_structured.npy");
}

// A 7z entry whose unix mode lacks the file-type bits, as py7zr writes them:
// libarchive's store-mode archive with the mode patched in its (plain) header
// and both CRCs fixed.
std::string seven_zip_with_mode(const std::string& name, const std::string& data, std::uint16_t mode) {
  std::string a = test::write_archive(ARCHIVE_FORMAT_7ZIP, {{name, data}}, "7zip:compression=store");
  const auto le64 = [&](std::size_t at) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(a[at + static_cast<std::size_t>(i)]);
    return v;
  };
  const std::size_t header = 32 + le64(12);
  const std::size_t header_size = le64(20);
  const std::size_t at = a.find("\xa4\x81", header);  // 0o100644 in the attribute's high half
  if (at == std::string::npos || at >= header + header_size) return {};
  a[at] = static_cast<char>(mode & 0xff);
  a[at + 1] = static_cast<char>(mode >> 8);
  const auto put_crc = [&](std::size_t where, std::size_t from, std::size_t size) {
    const auto c = crc32(0, reinterpret_cast<const Bytef*>(a.data() + from), static_cast<uInt>(size));
    for (int i = 0; i < 4; ++i) a[where + static_cast<std::size_t>(i)] = static_cast<char>((c >> (8 * i)) & 0xff);
  };
  put_crc(28, header, header_size);
  put_crc(8, 12, 20);
  return a;
}

TEST(SevenZip, ModeWithoutTypeBit) {
  const std::string payload = "\x80\x02" "cos\nsystem\n(X\x04\x00\x00\x00truetR.";
  // 0o644 with no type (py7zr), and 0o10644 (a fifo's type bits) beside it.
  for (const std::uint16_t mode : {std::uint16_t{0x01a4}, std::uint16_t{0x11a4}}) {
    const std::string archive = seven_zip_with_mode("model.pkl", payload, mode);
    ASSERT_FALSE(archive.empty());
    bool seen = false;
    const auto result = input::read_7z(archive, {1 << 20, 1 << 24, 10}, [&](const input::SevenZipEntry& e) {
      seen = true;
      EXPECT_FALSE(e.regular);
      EXPECT_EQ(e.data, payload);
    });
    EXPECT_EQ(result.error, "");
    EXPECT_TRUE(seen);
    EXPECT_TRUE(test::has_rule(scan_bytes(archive, "m.7z").findings, "PICKLE-EXEC", "os.system")) << mode;
  }
  // The benign twin: an ordinary regular entry stays clean.
  const std::string benign = test::write_archive(ARCHIVE_FORMAT_7ZIP, {{"model.pkl", "\x80\x02K\x01."}},
                                                 "7zip:compression=store");
  EXPECT_TRUE(scan_bytes(benign, "b.7z").findings.empty());
}

}  // namespace
}  // namespace sentinel
