// parse_json_text: strict JSON → nlohmann::json in one linear pass, with a JSON Pointer on its errors.
#include "json_parse.h"

#include <algorithm>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "booking/config.h"
#include "booking/error.h"
#include "booking/format.h"

namespace booking {

using json = nlohmann::json;

std::string detail::quote_input(std::string_view text) {
  if (text.size() <= max_quoted_bytes) return std::string(text);
  std::size_t cut = max_quoted_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  return std::string(text.substr(0, cut)) + "\xE2\x80\xA6 (" + std::to_string(text.size()) + " bytes)";
}

std::string detail::pointer_token(std::string_view key) { return escape_pointer_token(key); }

std::pair<std::size_t, std::size_t> detail::line_column(std::string_view text, std::size_t offset) {
  if (offset > text.size()) offset = text.size();
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {  // not a continuation byte
      ++column;
    }
  }
  return {line, column};
}

namespace {

[[noreturn]] void fail(const std::string& code, const std::string& ptr, const std::string& msg) {
  throw error(code, ptr, msg);
}

/// An error at byte `offset` of `text`: the message says the line and column, and so do the
/// error's line() and column() (docs/format.md, "Errors").
[[noreturn]] void fail_at(std::string_view text, std::size_t offset, const std::string& code, const std::string& ptr,
                          const std::string& what, const std::string& detail) {
  const auto [line, column] = detail::line_column(text, offset);
  throw error(code, ptr, what + " at line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + detail,
              line, column);
}

/// nlohmann's message without its "[json.exception.parse_error.101] parse error at line 1, column
/// 12: " prefix: fail_at says where, counting characters rather than bytes.
std::string parser_detail(const std::string& message) {
  const std::size_t column = message.find(", column ");
  const std::size_t colon = column == std::string::npos ? std::string::npos : message.find(": ", column);
  if (colon != std::string::npos) return message.substr(colon + 2);
  const std::size_t bracket = message.find("] ");
  return bracket == std::string::npos ? message : message.substr(bracket + 2);
}

/// nlohmann's message with the token it quotes (`last read: '…'`, `number overflow parsing '…'`)
/// shortened by quote_input: a 60 MB string without its closing quote is not repeated in full.
std::string shorten(std::string message, const std::string& token) {
  if (token.size() <= detail::max_quoted_bytes) return message;
  const std::size_t at = message.rfind(token);
  if (at == std::string::npos) return detail::quote_input(message);
  return message.replace(at, token.size(), detail::quote_input(token));
}

/// A SAX handler that builds the value like nlohmann's json_sax_dom_parser, refuses a key repeated
/// in one object, and knows the JSON Pointer of where it is. Every event is constant work (a key is a
/// map insertion), unlike nlohmann's callback parser, which rescans the parent container at every
/// end of object (issue 17: 800k empty objects took 381 s).
class dom_builder {
 public:
  dom_builder(json& root, std::string_view text) : root_(root), text_(text) {}

  bool null() { return value(nullptr); }
  bool boolean(bool v) { return value(v); }
  bool number_integer(json::number_integer_t v) { return value(v); }
  bool number_unsigned(json::number_unsigned_t v) { return value(v); }
  bool number_float(json::number_float_t v, const json::string_t&) { return value(v); }
  bool string(json::string_t& v) { return value(std::move(v)); }  // the lexer clears it before reuse
  bool binary(json::binary_t& v) { return value(std::move(v)); }   // not produced from JSON text

  bool start_object(std::size_t) {
    stack_.push_back({add(json::value_t::object), nullptr});
    return true;
  }
  bool start_array(std::size_t) {
    stack_.push_back({add(json::value_t::array), nullptr});
    return true;
  }
  bool end_object() {
    stack_.pop_back();
    return true;
  }
  bool end_array() {
    stack_.pop_back();
    return true;
  }

  bool key(json::string_t& k) {
    frame& top = stack_.back();
    auto [it, inserted] = top.value->get_ref<json::object_t&>().try_emplace(std::move(k));  // k kept if not inserted
    if (!inserted)
      fail("duplicate_key", parent_pointer() + "/" + detail::pointer_token(k),
           "the key \"" + detail::quote_input(k) + "\" appears twice in one object");
    top.key = &it->first;
    element_ = &it->second;
    return true;
  }

  /// `position` counts the bytes read, the offending one included (past the end: the end).
  template <class Exception>
  bool parse_error(std::size_t position, const std::string& token, const Exception& e) {
    const std::size_t offset = position > 0 ? position - 1 : 0;
    if constexpr (std::is_same_v<Exception, json::out_of_range>)  // 406: a number too large for a double
      fail_at(text_, offset - std::min(offset, token.size() > 0 ? token.size() - 1 : 0), "malformed_json", value_pointer(),
              "the JSON cannot be read", shorten(parser_detail(e.what()), token));
    else
      fail_at(text_, offset, "malformed_json", "", "the text is not valid JSON", shorten(parser_detail(e.what()), token));
  }

 private:
  struct frame {
    json* value;             ///< an open object or array
    const std::string* key;  ///< an object's key being read (its map node's, so stable)
  };

  template <class V>
  bool value(V&& v) {
    add(std::forward<V>(v));
    return true;
  }

  template <class V>
  json* add(V&& v) {
    if (stack_.empty()) {
      root_ = json(std::forward<V>(v));
      return &root_;
    }
    json& top = *stack_.back().value;
    if (top.is_array()) {  // a.back() stays put while it is open: nothing is appended to a meanwhile
      auto& a = top.get_ref<json::array_t&>();
      a.emplace_back(std::forward<V>(v));
      return &a.back();
    }
    *element_ = json(std::forward<V>(v));
    return element_;
  }

  /// The pointer of the innermost open container: each open container is the last element of an
  /// enclosing array, or the value of the key an enclosing object is reading.
  std::string parent_pointer() const {
    std::string p;
    for (std::size_t i = 0; i + 1 < stack_.size(); ++i) p += "/" + token_of(stack_[i], 1);
    return p;
  }

  /// The pointer of the value being read now (not yet added to its container).
  std::string value_pointer() const {
    if (stack_.empty()) return "";
    return parent_pointer() + "/" + token_of(stack_.back(), 0);
  }

  /// The reference token, in `f`'s value, of its open element (`open` 1) or of its next one (0).
  static std::string token_of(const frame& f, std::size_t open) {
    if (f.value->is_array()) return std::to_string(f.value->size() - open);
    return detail::pointer_token(*f.key);
  }

  json& root_;
  std::string_view text_;
  json* element_ = nullptr;  ///< the value slot of the last key read
  std::vector<frame> stack_;
};

/// Every message and answer is UTF-8 JSON; text that is not UTF-8 would only fail later, when an
/// error message quoting it is printed (found by fuzzing).
void check_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    std::size_t n = detail::utf8_sequence(text, i);
    if (n == 0) fail_at(text, i, "malformed_json", "", "the text is not valid UTF-8", "byte " + std::to_string(i) + " does not start a valid character");
    i += n;
  }
}

/// Before parsing, so that too deep a document is refused as such even when it is also malformed
/// further on; what consumes the value (dump, merge, diff) recurses.
void check_depth(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    if (in_string) {
      if (ch == '\\') ++i;
      else if (ch == '"') in_string = false;
    } else if (ch == '"') {
      in_string = true;
    } else if (ch == '[' || ch == '{') {
      if (++depth > limits::max_depth)
        fail_at(text, i, "too_large", "", "the JSON is nested too deep", "more than " + std::to_string(limits::max_depth) + " levels");
    } else if (ch == ']' || ch == '}') {
      --depth;
    }
  }
}

}  // namespace

json parse_json_text(std::string_view text) {
  if (text.size() > limits::max_text_bytes)
    fail("too_large", "", "the JSON document is " + std::to_string(text.size()) + " bytes; the limit is " + std::to_string(limits::max_text_bytes));
  check_utf8(text);
  check_depth(text);
  json root;
  dom_builder builder(root, text);
  try {
    json::sax_parse(text.begin(), text.end(), &builder);
  } catch (const json::exception& e) {  // the handler turns every parse error into booking::error; in case
    fail("malformed_json", "", std::string("the JSON cannot be read: ") + detail::quote_input(e.what()));
  }
  return root;
}

}  // namespace booking
