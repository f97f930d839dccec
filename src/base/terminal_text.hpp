// Names that come from the scanned tree (file names, archive entries) printed
// on a terminal: a name may hold newlines, ANSI escapes or bytes that are no
// UTF-8, and must neither forge report lines nor drive the terminal.
#pragma once

#include <string>
#include <string_view>

namespace sentinel {

// Control characters (C0, DEL, C1), backslashes and bytes that are not
// UTF-8 become \xHH (a backslash \\); other text, non-ASCII included, is kept.
[[nodiscard]] std::string terminal_safe(std::string_view name);

}  // namespace sentinel
