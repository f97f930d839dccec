// See sevenzip_reader.hpp. libarchive reads the archive from memory; this
// file only bounds what is extracted and turns libarchive's return codes into
// entry problems, limits and archive errors.
#include "input/sevenzip_reader.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <locale.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <new>

namespace sentinel::input {
namespace {

// The entry buffer grows by at most this much per archive_read_data call.
constexpr std::size_t kReadChunk = std::size_t{64} * 1024;

using ArchivePtr = std::unique_ptr<archive, decltype(&archive_read_free)>;

// libarchive's message in house style (lower-case first letter, no final
// period), or what failed when libarchive leaves none (a truncated archive).
std::string archive_message(archive* a, const char* failed_operation) {
  const char* text = archive_error_string(a);
  std::string message = text != nullptr ? text : std::string(failed_operation) + " failed";
  if (!message.empty()) message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
  while (!message.empty() && message.back() == '.') message.pop_back();
  return message;
}

// 7z stores names in UTF-16 and libarchive converts them to the charset of
// the current locale: under the "C" locale of a plain process every name
// outside ASCII fails to convert and the entry has none. Reading under a
// UTF-8 locale for this thread only (uselocale) gives every name, and leaves
// the process locale alone. Without C.UTF-8 the process locale is kept and
// such names come with libarchive's warning as the entry's problem.
class ThreadUtf8Locale {
 public:
  ThreadUtf8Locale() : utf8_(newlocale(LC_CTYPE_MASK, "C.UTF-8", nullptr)) {
    if (utf8_ != nullptr) previous_ = uselocale(utf8_);
  }
  ~ThreadUtf8Locale() {
    if (utf8_ == nullptr) return;
    uselocale(previous_);
    freelocale(utf8_);
  }
  ThreadUtf8Locale(const ThreadUtf8Locale&) = delete;
  ThreadUtf8Locale& operator=(const ThreadUtf8Locale&) = delete;

 private:
  locale_t utf8_;
  locale_t previous_ = nullptr;
};

std::string entry_name(archive_entry* e) {
  const char* name = archive_entry_pathname_utf8(e);
  return name != nullptr ? name : "";
}

enum class DataEnd : std::uint8_t {
  Complete,
  OverBound,  // the entry has more bytes than were allowed
  Failed,     // libarchive could not read the entry; it may go on
  Fatal,      // libarchive cannot go on
};

// Reads the current entry's data into `buffer`, at most `allowed` bytes;
// the buffer grows with the bytes that arrive, never ahead of them.
DataEnd read_data(archive* a, std::string& buffer, std::uint64_t allowed) {
  buffer.clear();
  for (;;) {
    if (buffer.size() == allowed) {
      // One more byte tells a full entry from one cut short by the limit.
      char probe = 0;
      const la_ssize_t n = archive_read_data(a, &probe, 1);
      if (n == 0) return DataEnd::Complete;
      if (n > 0) return DataEnd::OverBound;
      return n == ARCHIVE_FATAL ? DataEnd::Fatal : DataEnd::Failed;
    }
    const std::size_t old_size = buffer.size();
    const auto chunk = static_cast<std::size_t>(std::min<std::uint64_t>(kReadChunk, allowed - old_size));
    buffer.resize(old_size + chunk);
    const la_ssize_t n = archive_read_data(a, buffer.data() + old_size, chunk);
    buffer.resize(old_size + static_cast<std::size_t>(std::max<la_ssize_t>(n, 0)));
    if (n == 0) return DataEnd::Complete;
    if (n < 0) return n == ARCHIVE_FATAL ? DataEnd::Fatal : DataEnd::Failed;
  }
}

class Reader {
 public:
  Reader(const SevenZipLimits& limits, const std::function<void(const SevenZipEntry&)>& visit)
      : limits_(limits), visit_(visit) {}

  SevenZipResult run(std::string_view data) && {
    try {
      read_all(data);
    } catch (const std::bad_alloc&) {
      result_.error = "out of memory after " + std::to_string(result_.entries) + " entries";
    }
    return std::move(result_);
  }

 private:
  void read_all(std::string_view data) {
    const ThreadUtf8Locale utf8;
    const ArchivePtr a(archive_read_new(), &archive_read_free);
    if (!a) {
      result_.error = "out of memory";
      return;
    }
    archive_read_support_format_7zip(a.get());
    if (archive_read_open_memory(a.get(), data.data(), data.size()) != ARCHIVE_OK) {
      result_.error = archive_message(a.get(), "opening the archive");
      return;
    }
    for (bool more = true; more;) more = next_entry(a.get());
  }

  // Reads and visits one entry; false when the archive ends or must stop.
  bool next_entry(archive* a) {
    archive_entry* e = nullptr;
    const int rc = archive_read_next_header(a, &e);
    if (rc == ARCHIVE_EOF) return false;
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
      result_.error = archive_message(a, "reading the next entry header");
      return false;
    }
    if (result_.entries >= limits_.max_entries) {
      result_.limit_reached = true;
      return false;
    }
    SevenZipEntry entry;
    entry.name = entry_name(e);
    entry.regular = archive_entry_filetype(e) == AE_IFREG;
    if (const char* target = archive_entry_symlink(e); target != nullptr) entry.link_target = target;
    if (archive_entry_size_is_set(e) != 0) {
      entry.declared_size = static_cast<std::uint64_t>(std::max<la_int64_t>(archive_entry_size(e), 0));
    }
    // A warning (say, a name that does not convert) still gives a usable entry.
    if (rc == ARCHIVE_WARN) entry.problem = archive_message(a, "reading the entry header");

    bool go_on = true;
    if (entry.regular && archive_entry_is_data_encrypted(e) != 0) {
      entry.complete = false;
      entry.problem = "entry is encrypted";
    } else if (entry.regular) {
      go_on = extract(a, entry);
    }
    ++result_.entries;
    visit_(entry);
    return go_on;
  }

  // Reads the entry's data under the limits; false when the archive must stop.
  bool extract(archive* a, SevenZipEntry& entry) {
    const std::uint64_t total_left = limits_.max_total_size - result_.total_extracted;
    // When what is left of the total is the tighter bound, running into it
    // ends the archive; the per-entry bound only cuts this entry short.
    const bool total_binds = total_left <= limits_.max_entry_size;
    const DataEnd end = read_data(a, buffer_, std::min(limits_.max_entry_size, total_left));
    result_.total_extracted += buffer_.size();
    entry.data = buffer_;
    entry.complete = end == DataEnd::Complete;
    switch (end) {
      case DataEnd::Complete: return true;
      case DataEnd::OverBound:
        if (total_binds) {
          entry.problem =
              "extraction stopped at the total limit of " + std::to_string(limits_.max_total_size) + " bytes";
          result_.limit_reached = true;
          return false;
        }
        entry.problem = "entry exceeds the limit of " + std::to_string(limits_.max_entry_size) + " bytes";
        return true;
      case DataEnd::Failed: entry.problem = archive_message(a, "reading the entry data"); return true;
      case DataEnd::Fatal:
        entry.problem = archive_message(a, "reading the entry data");
        result_.error = entry.problem;
        return false;
    }
    return false;
  }

  const SevenZipLimits& limits_;
  const std::function<void(const SevenZipEntry&)>& visit_;
  std::string buffer_;  // reused for every entry: memory follows the largest entry extracted
  SevenZipResult result_;
};

}  // namespace

bool looks_like_7z(std::string_view data) { return data.starts_with("\x37\x7a\xbc\xaf\x27\x1c"); }

SevenZipResult read_7z(std::string_view data, const SevenZipLimits& limits,
                       const std::function<void(const SevenZipEntry&)>& visit) {
  return Reader(limits, visit).run(data);
}

}  // namespace sentinel::input
