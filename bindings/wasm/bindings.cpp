// The embind surface: strings in, JSON text out, and lastFailed() telling an answer from an error
// ({"code", "pointer", "message"}). Nothing throws across the boundary and no C++ object is handed
// to JavaScript, so nothing can leak or abort; the JS wrapper (js/index.js) turns the text into a
// return value or a BookingError.
//
// Strings arrive as JS values (emscripten::val), not std::string: embind's own std::string argument
// is copied into the module's memory before the function runs, outside any try, so a 130 MB string
// failed its malloc there and escaped as a raw WebAssembly.Exception that left the stack pointer
// behind ("memory access out of bounds" on every later call). Here the size is checked against
// booking::limits::max_text_bytes first and the copy is a C++ allocation inside guarded(): too big
// answers "too_large", no memory answers "out_of_memory", and the module stays usable.
//
// Answers come back as a Uint8Array view of the module's memory holding the UTF-8 bytes, which the
// wrapper decodes once with TextDecoder: embind's std::string return scans the bytes one by one in
// JS, which cost a quarter of a month's availability query (bench/README.md). The bytes live in
// `last_answer` until the next call, so the view must be decoded before calling again. (The status
// is not a first byte of the answer: prepending it moved the whole answer, a sixth of the call.)
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/heap.h>
#include <malloc.h>
#include <emscripten/val.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <new>
#include <string>
#include <vector>

#include "booking/error.h"
#include "booking/format.h"
#include "booking/json_api.h"
#include "booking/zone.h"
#include "zones.h"

// The UTF-8 length of a JS string, and its bytes written into the module's memory (with the
// terminating zero stringToUTF8 always writes: `out` has size + 1 bytes). Both are embind's own
// runtime functions, here called at a point of our choosing.
EM_JS(double, js_utf8_length, (emscripten::EM_VAL handle), { return lengthBytesUTF8(Emval.toValue(handle)); });
EM_JS(void, js_utf8_write, (emscripten::EM_VAL handle, char* out, double size), { stringToUTF8(Emval.toValue(handle), out, size + 1); });

namespace {

// Memory kept back for unwinding. Destructors allocate too: nlohmann's json destructor moves an
// array's elements onto a std::vector of the same length before freeing them, so after a
// std::bad_alloc while parsing a long array, the unwinding needed memory that was not there and
// terminate() aborted the module (test/robust.test.mjs, "setBookings with a document too large
// for memory"). operator new releases this reserve when malloc fails, just before throwing, and
// guarded() takes it back once the call has unwound.
constexpr std::size_t reserve_bytes = 32u << 20;
void* reserve = nullptr;

void take_reserve() {
  if (!reserve) reserve = std::malloc(reserve_bytes);
}

}  // namespace

void* operator new(std::size_t n) {
  if (void* p = std::malloc(n ? n : 1)) return p;
  std::free(reserve);  // room for the destructors that run while the std::bad_alloc unwinds
  reserve = nullptr;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return ::operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return std::malloc(n ? n : 1); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return std::malloc(n ? n : 1); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace {

constexpr std::size_t max_text = booking::limits::max_text_bytes;

// Engines a page may hold open at once (docs/wasm.md): each keeps its clinic and bookings in the
// module's memory until close(), and garbage collection of the JS object comes too late to count on.
constexpr std::size_t max_engines = 10000;

[[noreturn]] void too_large(const std::string& what, double bytes, const char* at_least) {
  throw booking::error("too_large", "", what + ": " + std::to_string(static_cast<std::uint64_t>(bytes)) + " bytes of UTF-8" + at_least +
                                            "; the limit is " + std::to_string(max_text) + " (64 MiB)");
}

// Parsing takes memory in proportion to the text: nlohmann's DOM costs up to ~16 bytes per 2-byte
// array element ("[0,0,...]") plus a vector's growth, and its destructor allocates a stack as long
// as the largest array. Running out in the middle of that is what could not be recovered (the
// destructor's allocation fails during unwinding: terminate). So a call whose text, times this
// factor, exceeds the memory the module can still get is refused up front with "out_of_memory".
constexpr double parse_factor = 24;
double call_text_bytes = 0;  // the text taken in by the current call so far

double memory_left() {
  const double in_use = static_cast<double>(mallinfo().uordblks);
  return static_cast<double>(emscripten_get_heap_max()) - in_use;
}

std::string mib(double bytes) { return std::to_string(static_cast<std::uint64_t>(bytes / (1 << 20))) + " MiB"; }

// A JS string argument as UTF-8, refused before any copy when over the limit, or when the module
// has not the memory to work with it. `what` names it for the message ("the clinic document").
std::string text_arg(const emscripten::val& v, const std::string& what) {
  if (!v.isString()) throw booking::error("wrong_type", "", what + " must be a string");
  const double units = v["length"].as<double>();  // UTF-16 units: 1 to 3 UTF-8 bytes each
  if (units > static_cast<double>(max_text)) too_large(what, units, " or more");
  const double bytes = js_utf8_length(v.as_handle());
  if (bytes > static_cast<double>(max_text)) too_large(what, bytes, "");
  call_text_bytes += bytes;
  const double need = (parse_factor + 1) * call_text_bytes;
  // mallinfo() walks the heap: only for a large text, never per small call.
  if (double left; need > 16 << 20 && need > (left = memory_left()))
    throw booking::error("out_of_memory", "",
                         what + " (" + std::to_string(static_cast<std::uint64_t>(bytes)) + " bytes) may need up to " + mib(need) +
                             " to work with, and the module has " + mib(left < 0 ? 0 : left) + " left of its " +
                             mib(static_cast<double>(emscripten_get_heap_max())) + " (close engines no longer needed)");
  std::string out(static_cast<std::size_t>(bytes), '\0');  // may throw std::bad_alloc: inside guarded()
  js_utf8_write(v.as_handle(), out.data(), bytes);
  return out;
}

bool last_failed = false;

std::string last_answer;
std::vector<std::uint32_t> last_rows;  // the rows of the last "slot_tables" call

// Allocated with the module, so that an answer to a failed allocation needs no allocation.
constexpr char out_of_memory[] =
    R"({"code":"out_of_memory","pointer":"","message":"the engine ran out of memory (the module's heap is full); this call's input or answer is too large, or too many engines are open"})";

emscripten::val bytes_view(const char* data, std::size_t size) {
  return emscripten::val(emscripten::typed_memory_view(size, reinterpret_cast<const unsigned char*>(data)));
}

// Runs f and answers a view of its JSON text, or of the error with last_failed set. The previous
// answer is released first, so that two large answers never hold memory at once (the heap only
// grows). Building an error's JSON may itself run out of memory: the outer catch covers that.
template <class F>
emscripten::val guarded(F&& f) {
  std::string().swap(last_answer);
  std::vector<std::uint32_t>().swap(last_rows);
  last_failed = true;
  take_reserve();
  call_text_bytes = 0;
  try {
    try {
      last_answer = f();
      last_failed = false;
    } catch (const booking::error& e) {
      last_answer = booking::dump(booking::to_json_located(e));
    } catch (const std::bad_alloc&) {
      throw;
    } catch (const std::exception& e) {
      last_answer = booking::dump(booking::to_json(booking::error("internal_error", "", e.what())));
    } catch (...) {
      last_answer = booking::dump(booking::to_json(booking::error("internal_error", "", "unknown failure")));
    }
  } catch (const std::bad_alloc&) {
    std::string().swap(last_answer);
    std::vector<std::uint32_t>().swap(last_rows);
    last_failed = true;
    take_reserve();
    return bytes_view(out_of_memory, sizeof out_of_memory - 1);
  }
  return bytes_view(last_answer.data(), last_answer.size());
}

bool failed() { return last_failed; }

// The rows as a Uint32Array view of the module's memory: read them before the next call.
emscripten::val rows() { return emscripten::val(emscripten::typed_memory_view(last_rows.size(), last_rows.data())); }

emscripten::val run(const emscripten::val& operation, const emscripten::val& documents) {
  return guarded([&] { return booking::run_json(text_arg(operation, "the operation"), text_arg(documents, "the documents of one call")); });
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

emscripten::val engine_open(const emscripten::val& clinic, const emscripten::val& bookings) {
  return guarded([&] {
    if (engines().size() >= max_engines)
      throw booking::error("too_many_engines", "",
                           std::to_string(max_engines) + " engines are open, the most the module holds at once: call close() on each "
                           "engine when done with it (or declare it with `using`); garbage collection closes forgotten ones too late to count on");
    booking::engine e(text_arg(clinic, "the clinic document"), text_arg(bookings, "the bookings document"));
    int h = next_handle++;
    engines().emplace(h, std::move(e));
    return std::to_string(h);
  });
}

emscripten::val engine_call(int handle, const emscripten::val& operation_text, const emscripten::val& doc) {
  return guarded([&] {
    auto& e = engine_at(handle);
    const std::string operation = text_arg(operation_text, "the operation");
    const std::string text = text_arg(doc, operation == "set_bookings" ? "the bookings document" : "the request");
    if (operation == "availability") return e.availability(text);
    if (operation == "slot_tables") {  // the strings here, the rows from lastRows()
      booking::slot_tables t = booking::make_slot_tables(e.availability_compact(text));
      last_rows = std::move(t.rows);
      return std::move(t.strings);
    }
    if (operation == "check") return e.check(text);
    if (operation == "alternatives") return e.alternatives(text);
    if (operation == "lifecycle") return e.lifecycle(text);
    if (operation == "hours") return e.hours(text);
    if (operation == "set_bookings") {
      e.set_bookings(text);
      return std::string("null");
    }
    throw booking::error("unknown_operation", "", "unknown engine operation \"" + operation + "\"");
  });
}

bool engine_close(int handle) { return engines().erase(handle) > 0; }

int open_engines() { return static_cast<int>(engines().size()); }

int engine_limit() { return static_cast<int>(max_engines); }

double text_limit() { return static_cast<double>(max_text); }

// The tzdata links (US/Eastern, Asia/Calcutta, ...) as symbolic links to their zone's file, made
// before the first zone lookup: date's OS-database scan stat()s each name and so takes a link for a
// zone of that name, as it does natively, while the module carries each file once (CMakeLists.txt).
const bool links_made = [] {
  for (const auto& link : booking_wasm_zone_links) {
    if (link[0] == nullptr) break;
    std::string path = std::string("/usr/share/zoneinfo/") + link[0];
    for (std::size_t slash = path.find('/', 20); slash != std::string::npos; slash = path.find('/', slash + 1))
      mkdir(path.substr(0, slash).c_str(), 0755);  // EEXIST is fine
    symlink((std::string("/usr/share/zoneinfo/") + link[1]).c_str(), path.c_str());
  }
  return true;
}();

// The names the module answers to: every zone date found in its file system (a link whose target
// is not embedded dangles and is skipped), minus the files that are not IANA zones.
std::string zones() {
  (void)links_made;
  nlohmann::json z = nlohmann::json::array();
  for (const auto& zone : date::get_tzdb().zones)
    if (booking::is_iana_zone_name(zone.name())) z.push_back(zone.name());
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
  emscripten::function("maxEngines", &engine_limit);
  emscripten::function("maxTextBytes", &text_limit);
  emscripten::function("version", &booking::version);
  emscripten::function("zones", &zones);
}
