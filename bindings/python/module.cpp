// booking._core: the engine's JSON entry points for Python. Strings in, strings out; the GIL is
// released while the engine works; booking::error becomes booking.Error (a ValueError with .code
// and .pointer, defined in booking/_error.py). The Pythonic layer is bindings/python/booking/__init__.py.
#include <pybind11/pybind11.h>

#include <optional>
#include <string>

#include "booking/availability.h"
#include "booking/error.h"
#include "booking/format.h"
#include "booking/json_api.h"
#include "booking/ops_json.h"

namespace py = pybind11;

#if BOOKING_BUNDLED_TZ
namespace date {
bool booking_set_tz_dir(const std::string& dir);  // cmake/bundled_tz.cmake: the compiled-in tz.cpp's hook
}
#endif

namespace {

PyObject* error_type = nullptr;

void raise(const booking::error& e) {
  py::object exc = py::reinterpret_borrow<py::object>(error_type)(e.what(), e.code(), e.pointer(), e.document(),
                                                                  e.line(), e.column());
  PyErr_SetObject(error_type, exc.ptr());
}

// An availability answer's text, written straight into a new str: one allocation of the answer's
// size instead of a std::string and then a copy into the str. With two 0.7 MB allocations per call
// glibc returned the memory to the OS between calls, and page faults cost more than the query
// (bench/README.md). The str is filled with the GIL released: no other thread can see it yet.
py::str text_of(booking::compact_availability answer) {
  std::optional<booking::json_text_writer> w;
  {
    py::gil_scoped_release unlocked;
    w.emplace(std::move(answer));
  }
  if (!w->ascii()) {  // a name outside ASCII: UTF-8 through a std::string
    std::string text(w->size(), '\0');
    w->write(text.data());
    return py::str(text);
  }
  PyObject* text = PyUnicode_New(static_cast<Py_ssize_t>(w->size()), 127);
  if (text == nullptr) throw py::error_already_set();
  {
    py::gil_scoped_release unlocked;
    w->write(static_cast<char*>(PyUnicode_DATA(text)));
  }
  return py::reinterpret_steal<py::str>(text);
}

booking::compact_availability compact_of(const booking::engine& e, std::string_view request) {
  py::gil_scoped_release unlocked;
  return e.availability_compact(request);
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "booking engine core (JSON text in, JSON text out)";
  // Kept for the life of the process: the translator below may run until the interpreter ends.
  error_type = py::object(py::module_::import("booking._error").attr("Error")).release().ptr();
  m.attr("Error") = py::handle(error_type);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const booking::error& e) {
      raise(e);
    }
  });

  using release = py::call_guard<py::gil_scoped_release>;
  m.def("run_json", &booking::run_json, py::arg("operation"), py::arg("documents"), release(),
        "Runs an operation on a JSON object of named documents (the shape of a golden scenario).");
  m.def("availability_json", &booking::availability_json, py::arg("clinic"), py::arg("bookings"), py::arg("request"),
        release());
  m.def("check_json", &booking::check_json, py::arg("clinic"), py::arg("bookings"), py::arg("request"), release());
  m.def("validate_json", &booking::validate_json, py::arg("clinic"), py::arg("bookings") = std::string("[]"), release());
  m.def("simulate_json", &booking::simulate_json, py::arg("published"), py::arg("draft"), py::arg("bookings"),
        py::arg("request"), release());
  m.def("resolve_json", &booking::resolve_json, py::arg("clinic"), py::arg("request"), release());
  m.def("diff_json", &booking::diff_json, py::arg("before"), py::arg("after"), release());
  m.def("in_force_json", &booking::in_force_json, py::arg("versions"), py::arg("request"), release());
  // Clinic operations (docs/operations.md); the Pythonic layer is booking/_ops.py.
  m.def("kpis_json", &booking::kpis_json, py::arg("clinic"), py::arg("bookings"), py::arg("request"), release());
  m.def("kpis_csv", &booking::kpis_csv, py::arg("clinic"), py::arg("bookings"), py::arg("request"), release());
  m.def("reminders_json", &booking::reminders_json, py::arg("clinic"), py::arg("bookings"), py::arg("request"), release());
  m.def("ical_agenda", &booking::ical_agenda, py::arg("clinic"), py::arg("bookings"), py::arg("request"), release());
  m.def("ical_closures_json", &booking::ical_closures_json, py::arg("ics"), py::arg("request"), release());
  m.def("waitlist_json", &booking::waitlist_json, py::arg("clinic"), py::arg("bookings"), py::arg("waitlist"),
        py::arg("request"), release());
  m.def("version", &booking::version);
  // The statuses whose bookings occupy their time (booking::occupies): the stores read and claim
  // these, so that which bookings count is decided once, by the engine.
  py::list occupying;
  for (std::size_t i = 0; i < booking::booking_status_names.size(); ++i)
    if (booking::appointment{.status = static_cast<booking::booking_status>(i)}.occupies())
      occupying.append(py::str(booking::booking_status_names[i].data(), booking::booking_status_names[i].size()));
  m.attr("occupying_statuses") = py::tuple(occupying);
#if BOOKING_BUNDLED_TZ
  m.attr("bundled_tz") = true;
  m.def("_set_tz_dir", &date::booking_set_tz_dir, py::arg("folder"),
        "Where the compiled-in date/tz reads zone files; false once a zone has been looked up.");
#else
  m.attr("bundled_tz") = false;
#endif
  // For the GIL test: true when called with the GIL held.
  m.def("_gil_held", [] { return PyGILState_Check() == 1; });
  m.def("_gil_held_in_engine_call", [] { return PyGILState_Check() == 1; }, release());

  py::class_<booking::compact_availability>(m, "AvailabilityAnswer",
                                            "An availability answer held by the engine, printed on demand.")
      .def("tables", [](const booking::compact_availability& a) { return booking::to_json_tables(a); }, release())
      .def("text", [](const booking::compact_availability& a) { return text_of(a); })
      .def_property_readonly("site", [](const booking::compact_availability& a) { return a.site; });

  // Immutable from Python: booking::engine::set_bookings replaces the calendar that concurrent
  // queries (running with the GIL released) are reading, which crashed or mixed two bookings
  // documents in one answer. booking.Clinic.set_bookings builds a new Engine and swaps it in.
  py::class_<booking::engine>(m, "Engine",
                              "A clinic and its bookings parsed once, queried many times; never changed once built "
                              "(to replace the bookings, build a new Engine).")
      .def(py::init<std::string_view, std::string_view>(), py::arg("clinic"), py::arg("bookings") = std::string("[]"),
           release())
      .def("availability", [](const booking::engine& e, std::string_view request) { return text_of(compact_of(e, request)); },
           py::arg("request"))
      .def("availability_answer", &compact_of, py::arg("request"),
           "The answer before printing: .tables() as slot tables (docs/format.md), .text() as JSON.")
      .def("check", &booking::engine::check, py::arg("request"), release())
      .def("alternatives", &booking::engine::alternatives, py::arg("request"), release())
      .def("lifecycle", &booking::engine::lifecycle, py::arg("request"), release())
      .def("hours", &booking::engine::hours, py::arg("request"), release())
      .def("longest_window", &booking::engine::longest_window,
           "Minutes of the longest chair window (buffers + segments) of any treatment.");
}
