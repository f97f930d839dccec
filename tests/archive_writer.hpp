// Archives written by libarchive for the reader tests (tar in its ustar, GNU
// and pax flavours, 7z), in memory.
#pragma once

#include <archive_entry.h>

#include <string>
#include <vector>

namespace sentinel::test {

struct ArchiveEntry {
  ArchiveEntry(std::string entry_name, std::string entry_data, unsigned entry_type = AE_IFREG,
               std::string entry_link = {})
      : name(std::move(entry_name)), data(std::move(entry_data)), type(entry_type), link(std::move(entry_link)) {}
  std::string name;
  std::string data;
  unsigned type;
  std::string link;  // symlink target, or (for a regular entry) hardlink source
};

// `format` is an ARCHIVE_FORMAT_* value; `options` is for
// archive_write_set_options ("7zip:compression=store"), or null. Names are
// written as UTF-8 (under a UTF-8 locale for this thread: writers that store
// UTF-16 convert from the locale's charset).
std::string write_archive(int format, const std::vector<ArchiveEntry>& entries, const char* options = nullptr);

}  // namespace sentinel::test
