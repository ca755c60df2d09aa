// booking._core: the engine's JSON entry points for Python. Strings in, strings out; the GIL is
// released while the engine works; booking::error becomes booking.Error (a ValueError) with .code
// and .pointer. The Pythonic layer is bindings/python/booking/__init__.py.
#include <pybind11/pybind11.h>

#include <string>

#include "booking/error.h"
#include "booking/json_api.h"

namespace py = pybind11;

namespace {

PyObject* error_type = nullptr;

void raise(const booking::error& e) {
  py::object exc = py::reinterpret_borrow<py::object>(error_type)(e.what());
  exc.attr("code") = e.code();
  exc.attr("pointer") = e.pointer();
  PyErr_SetObject(error_type, exc.ptr());
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "booking engine core (JSON text in, JSON text out)";
  error_type = PyErr_NewExceptionWithDoc(
      "booking.Error",
      "Invalid input to the booking engine. .code is a stable machine-readable code, .pointer a JSON "
      "Pointer to the offending field.",
      PyExc_ValueError, nullptr);
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
  m.def("validate_json", &booking::validate_json, py::arg("clinic"), py::arg("bookings") = std::string(), release());
  m.def("simulate_json", &booking::simulate_json, py::arg("published"), py::arg("draft"), py::arg("bookings"),
        py::arg("request"), release());
  m.def("resolve_json", &booking::resolve_json, py::arg("clinic"), py::arg("request"), release());
  m.def("diff_json", &booking::diff_json, py::arg("before"), py::arg("after"), release());
  m.def("in_force_json", &booking::in_force_json, py::arg("versions"), py::arg("request"), release());
  m.def("version", &booking::version);
  // For the GIL test: true when called with the GIL held.
  m.def("_gil_held", [] { return PyGILState_Check() == 1; });
  m.def("_gil_held_in_engine_call", [] { return PyGILState_Check() == 1; }, release());

  py::class_<booking::engine>(m, "Engine", "A clinic and its bookings parsed once, queried many times.")
      .def(py::init<std::string_view, std::string_view>(), py::arg("clinic"), py::arg("bookings") = std::string_view(),
           release())
      .def("availability", &booking::engine::availability, py::arg("request"), release())
      .def("check", &booking::engine::check, py::arg("request"), release())
      .def("set_bookings", &booking::engine::set_bookings, py::arg("bookings"), release());
}
