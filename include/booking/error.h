// booking::error — the one exception type of the library: a code, a JSON Pointer and a message.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace booking {

namespace detail {

/// Length of the valid UTF-8 sequence starting at text[i], or 0 if there is none (overlong forms,
/// surrogates and code points past U+10FFFF are invalid).
inline std::size_t utf8_sequence(std::string_view text, std::size_t i) noexcept {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char c = byte(i);
  std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > text.size()) return 0;
  for (std::size_t k = 1; k < len; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  if (len == 2 && c < 0xC2) return 0;
  if (len == 3 && ((c == 0xE0 && byte(i + 1) < 0xA0) || (c == 0xED && byte(i + 1) >= 0xA0))) return 0;
  if (len == 4 && (c > 0xF4 || (c == 0xF0 && byte(i + 1) < 0x90) || (c == 0xF4 && byte(i + 1) >= 0x90))) return 0;
  return len;
}

/// `text` with every invalid byte replaced by U+FFFD, so that it can be printed as JSON or handed to
/// Python and JavaScript (messages may quote input, and nlohmann's quote a partly read character),
/// and every NUL written as "\u0000" (what() is a C string: a NUL in a quoted zone name cut it).
inline std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t n = utf8_sequence(text, i);
    if (n == 1 && text[i] == '\0') {
      out += "\\u0000";
      ++i;
    } else if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text, i, n);
      i += n;
    }
  }
  return out;
}

}  // namespace detail

/// Thrown for input the engine cannot accept. `code()` is stable and machine-readable
/// ("invalid_value", "unknown_id", ...), `pointer()` is an RFC 6901 JSON Pointer to the offending
/// field ("/sites/0/timezone"), and `what()` is a sentence a clinic administrator can act on, always
/// valid UTF-8.
///
///   try { auto c = booking::parse_clinic(text); }
///   catch (const booking::error& e) { std::cerr << e.pointer() << ": " << e.what(); }
class error : public std::invalid_argument {
 public:
  error(std::string code, std::string pointer, const std::string& message)
      : std::invalid_argument(detail::valid_utf8(message)), code_(std::move(code)), pointer_(detail::valid_utf8(pointer)) {}

  /// Also where in the JSON text: `line` from 1, `column` in characters from 1.
  error(std::string code, std::string pointer, const std::string& message, std::size_t line, std::size_t column)
      : error(std::move(code), std::move(pointer), message) {
    line_ = line;
    column_ = column;
  }

  const std::string& code() const noexcept { return code_; }
  const std::string& pointer() const noexcept { return pointer_; }

  /// Where in its JSON text the error is, when the parser knows it (text that is not JSON or not
  /// UTF-8, nesting too deep, a number too large): the line from 1 and the column in characters
  /// (Unicode code points) from 1; both 0 otherwise (an error in a value has a pointer instead).
  std::size_t line() const noexcept { return line_; }
  std::size_t column() const noexcept { return column_; }

  /// The document the error is in ("clinic", "bookings", "request", "draft", ...: the names of
  /// run_json's documents), set by the function that read it; "" where one text is parsed alone
  /// (parse_json_text).
  const std::string& document() const noexcept { return document_; }

  /// This error, said to be in `document` unless an inner function already named one.
  error in(std::string_view document) const {
    error e = *this;
    if (e.document_.empty()) e.document_ = std::string(document);
    return e;
  }

 private:
  std::string code_;
  std::string pointer_;
  std::string document_;
  std::size_t line_ = 0;
  std::size_t column_ = 0;
};

namespace detail {

/// Runs `f`; an error it throws is said to be in `document` (error::in).
template <class F>
auto within(std::string_view document, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const error& e) {
    throw e.in(document);
  }
}

}  // namespace detail

}  // namespace booking
