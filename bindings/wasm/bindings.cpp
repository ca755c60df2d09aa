// The embind surface: strings in, JSON text out, and lastFailed() telling an answer from an error
// ({"code", "pointer", "message"}). Nothing throws across the boundary and no C++ object is handed
// to JavaScript, so nothing can leak or abort; the JS wrapper (js/index.js) turns the text into a
// return value or a BookingError.
//
// Answers come back as a Uint8Array view of the module's memory holding the UTF-8 bytes, which the
// wrapper decodes once with TextDecoder: embind's std::string return scans the bytes one by one in
// JS, which cost a quarter of a month's availability query (bench/README.md). The bytes live in
// `last_answer` until the next call, so the view must be decoded before calling again. (The status
// is not a first byte of the answer: prepending it moved the whole answer, a sixth of the call.)
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <map>
#include <string>
#include <vector>

#include "booking/error.h"
#include "booking/format.h"
#include "booking/json_api.h"
#include "zones.h"

namespace {

bool last_failed = false;

std::string last_answer;
std::vector<std::uint32_t> last_rows;  // the rows of the last "slot_tables" call

// The answer, or the error as JSON with last_failed set. The previous answer is released first, so
// that two large answers never hold memory at once (the heap only grows).
template <class F>
std::string guarded(F&& f) {
  std::string().swap(last_answer);
  std::vector<std::uint32_t>().swap(last_rows);
  last_failed = true;
  try {
    std::string answer = f();
    last_failed = false;
    return answer;
  } catch (const booking::error& e) {
    return booking::dump(booking::to_json(e));
  } catch (const std::bad_alloc&) {
    return booking::dump(booking::to_json(booking::error("out_of_memory", "", "the engine ran out of memory")));
  } catch (const std::exception& e) {
    return booking::dump(booking::to_json(booking::error("internal_error", "", e.what())));
  } catch (...) {
    return booking::dump(booking::to_json(booking::error("internal_error", "", "unknown failure")));
  }
}

bool failed() { return last_failed; }

// The rows as a Uint32Array view of the module's memory: read them before the next call.
emscripten::val rows() { return emscripten::val(emscripten::typed_memory_view(last_rows.size(), last_rows.data())); }

emscripten::val view(std::string answer) {
  last_answer = std::move(answer);
  return emscripten::val(emscripten::typed_memory_view(last_answer.size(), reinterpret_cast<const unsigned char*>(last_answer.data())));
}

emscripten::val run(const std::string& operation, const std::string& documents) {
  return view(guarded([&] { return booking::run_json(operation, documents); }));
}

// Engines that a page keeps open between calls, by handle.
std::map<int, booking::engine>& engines() {
  static std::map<int, booking::engine> m;
  return m;
}
int next_handle = 1;

booking::engine& engine_at(int handle) {
  auto it = engines().find(handle);
  if (it == engines().end()) throw booking::error("closed_engine", "", "this engine was closed");
  return it->second;
}

emscripten::val engine_open(const std::string& clinic, const std::string& bookings) {
  return view(guarded([&] {
    booking::engine e(clinic, bookings);
    int h = next_handle++;
    engines().emplace(h, std::move(e));
    return std::to_string(h);
  }));
}

emscripten::val engine_call(int handle, const std::string& operation, const std::string& text) {
  return view(guarded([&] {
    auto& e = engine_at(handle);
    if (operation == "availability") return e.availability(text);
    if (operation == "slot_tables") {  // the strings here, the rows from lastRows()
      booking::slot_tables t = booking::make_slot_tables(e.availability_compact(text));
      last_rows = std::move(t.rows);
      return std::move(t.strings);
    }
    if (operation == "check") return e.check(text);
    if (operation == "set_bookings") {
      e.set_bookings(text);
      return std::string("null");
    }
    throw booking::error("unknown_operation", "", "unknown engine operation \"" + operation + "\"");
  }));
}

bool engine_close(int handle) { return engines().erase(handle) > 0; }

int open_engines() { return static_cast<int>(engines().size()); }

std::string zones() {
  nlohmann::json z = nlohmann::json::array();
  for (const char* name : booking_wasm_zones) z.push_back(name);
  return z.dump();
}

}  // namespace

EMSCRIPTEN_BINDINGS(booking) {
  emscripten::function("run", &run);
  emscripten::function("lastFailed", &failed);
  emscripten::function("lastRows", &rows);
  emscripten::function("engineOpen", &engine_open);
  emscripten::function("engineCall", &engine_call);
  emscripten::function("engineClose", &engine_close);
  emscripten::function("openEngines", &open_engines);
  emscripten::function("version", &booking::version);
  emscripten::function("zones", &zones);
}
