// The .npy header parser and the dtype descriptions it reads: never eval,
// exact keys, every typestr kind, structured descriptions.
#include <gtest/gtest.h>

#include "input/numpy_header.hpp"
#include "input/python_literal.hpp"

namespace sentinel::input {
namespace {

std::string npy(std::string_view header, unsigned major = 1) {
  std::string out = "\x93NUMPY";
  out.push_back(static_cast<char>(major));
  out.push_back('\0');
  const auto n = header.size();
  const unsigned width = major == 1 ? 2 : 4;
  for (unsigned i = 0; i < width; ++i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
  out.append(header);
  return out;
}

TEST(PythonLiteral, ParsesTheHeaderSubset) {
  const auto v = parse_python_literal("{'a': (1, -2, 3L), \"b\": [True, False, None], 'c': ('x',), 'd': (5)}");
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->get("a")->items.size(), 3U);
  EXPECT_EQ(v->get("a")->items[1].integer, -2);
  EXPECT_TRUE(v->get("b")->items[0].boolean);
  EXPECT_FALSE(v->get("b")->items[1].boolean);
  EXPECT_EQ(v->get("c")->kind, Literal::Kind::Tuple);
  EXPECT_EQ(v->get("d")->kind, Literal::Kind::Int);  // (5) is not a tuple
}

TEST(PythonLiteral, RefusesCodeAndJunk) {
  for (const char* text : {"__import__('os').system('x')", "{'a': 1", "{'a' 1}", "[1 2]", "'unterminated",
                           "{'a': 1} trailing", "(((((((((((((((((((((((((((((((((((1)))))))))))))))))))))))))))))))))))",
                           "{'a': b'bytes'}", "1.5"}) {
    EXPECT_FALSE(parse_python_literal(text)) << text;
  }
}

TEST(NumpyDtype, Typestrs) {
  struct Case {
    const char* t;
    std::uint64_t size;
    bool object;
  };
  for (const Case c : {Case{"<f4", 4, false}, {"<f8", 8, false}, {"|b1", 1, false}, {"?", 1, false},
                       {"|O", 8, true}, {"O8", 8, true}, {"<U10", 40, false}, {"|S5", 5, false}, {"V16", 16, false},
                       {"<M8[ns]", 8, false}, {"<m8", 8, false}, {">c16", 16, false}, {"d", 8, false}}) {
    const auto d = parse_typestr(c.t);
    ASSERT_TRUE(d) << c.t;
    EXPECT_EQ(d->itemsize, c.size) << c.t;
    EXPECT_EQ(d->has_object, c.object) << c.t;
  }
  for (const char* bad : {"", "<", "<x4", "<f", "<fz", "<M8[ns", "<U99999999999999999999"}) {
    EXPECT_FALSE(parse_typestr(bad)) << bad;
  }
}

TEST(NumpyHeader, Version1Numeric) {
  const std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }          \n";
  const auto h = parse_npy_header(npy(header) + std::string(48, '\0'));
  ASSERT_TRUE(h) << h.error().message;
  EXPECT_EQ(h->major, 1U);
  EXPECT_EQ(h->data_offset, 10U + header.size());
  EXPECT_FALSE(h->dtype.has_object);
  EXPECT_EQ(h->data_size, 48U);
  EXPECT_EQ(h->shape, (std::vector<std::uint64_t>{3, 4}));
}

TEST(NumpyHeader, Versions2And3AndScalars) {
  const std::string header = "{'descr': '|O', 'fortran_order': True, 'shape': ()}\n";
  for (unsigned major : {2U, 3U}) {
    const auto h = parse_npy_header(npy(header, major));
    ASSERT_TRUE(h) << h.error().message;
    EXPECT_TRUE(h->dtype.has_object);
    EXPECT_TRUE(h->fortran_order);
    EXPECT_EQ(h->data_offset, 12U + header.size());
  }
}

TEST(NumpyHeader, StructuredDescrFindsObjects) {
  const auto h = parse_npy_header(
      npy("{'descr': [('a', '<f4'), (('title', 'b'), '|O'), ('c', '<i8', (2, 3))], 'fortran_order': False, 'shape': (2,)}\n"));
  ASSERT_TRUE(h) << h.error().message;
  EXPECT_TRUE(h->dtype.has_object);
  EXPECT_EQ(h->dtype.itemsize, 4U + 8U + 48U);
}

TEST(NumpyHeader, RefusesWhatNumpyRefuses) {
  for (const char* header : {"{'descr': '<f4', 'shape': (1,)}", "{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}",
                             "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}",
                             "{'descr': 'junk', 'fortran_order': False, 'shape': (1,)}",
                             "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}",
                             "{'descr': '<f4', 'fortran_order': False, 'shape': [1]}", "__import__('os')"}) {
    EXPECT_FALSE(parse_npy_header(npy(header))) << header;
  }
  EXPECT_FALSE(parse_npy_header("\x93NUMPY\x04\x00\x10\x00"));  // unknown version
  EXPECT_FALSE(parse_npy_header(npy("{'descr': '<f4'").substr(0, 12)));  // header runs past the end
}

}  // namespace
}  // namespace sentinel::input
