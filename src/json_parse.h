// Private to the library: how a message quotes input, and how a key becomes a JSON Pointer token.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace booking::detail {

/// The longest piece of input (a token JSON could not read, a repeated key, a number too large) that
/// an error message quotes whole; docs/format.md, "Errors".
inline constexpr std::size_t max_quoted_bytes = 200;

/// `text` as a message quotes it: whole up to max_quoted_bytes, otherwise its first
/// max_quoted_bytes bytes (cut back to a UTF-8 character boundary) and "… (N bytes)", N its length.
std::string quote_input(std::string_view text);

/// The line (from 1) and column (in Unicode code points, from 1) of byte `offset` of `text`.
std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t offset);

/// One RFC 6901 reference token: "~" becomes "~0" and "/" becomes "~1".
std::string pointer_token(std::string_view key);

}  // namespace booking::detail
