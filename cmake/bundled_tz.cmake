# date/tz compiled into the Python extension (BOOKING_BUNDLE_TZ, which pyproject.toml turns on), so a
# wheel needs neither libdate-tz.so.3 nor /usr/share/zoneinfo on the machine that installs it.
#
# date's tz.cpp (scripts/fetch-date-src.sh, the same 3.0.1 Debian ships) with the OS database reader,
# whose folder is hard-wired to /usr/share/zoneinfo: the copy compiled here gets one hook,
# date::booking_set_tz_dir(), which the module calls at import with the zone files installed beside
# it (booking/zoneinfo, copied from BOOKING_ZONEINFO_DIR at build time). Defines booking_tz.
set(BOOKING_DATE_SOURCE_DIR "" CACHE PATH "Unpacked howardhinnant-date source (holds src/tz.cpp); fetched when empty")
set(BOOKING_ZONEINFO_DIR "/usr/share/zoneinfo" CACHE PATH "TZif files (\"fat\") installed into the Python package")

if(NOT EXISTS "${BOOKING_DATE_SOURCE_DIR}/src/tz.cpp")
  set(_deps "${CMAKE_BINARY_DIR}/_deps")
  execute_process(COMMAND "${PROJECT_SOURCE_DIR}/scripts/fetch-date-src.sh" "${_deps}" RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0 OR NOT EXISTS "${_deps}/date-src/src/tz.cpp")
    message(FATAL_ERROR "BOOKING_BUNDLE_TZ needs date's source: scripts/fetch-date-src.sh ${_deps} failed; "
                        "give -DBOOKING_DATE_SOURCE_DIR=<unpacked howardhinnant-date>")
  endif()
  set(BOOKING_DATE_SOURCE_DIR "${_deps}/date-src" CACHE PATH "" FORCE)
endif()

# date reads TZif files and ignores their POSIX footer: "slim" files (zic -b slim, the default since
# 2020) hold no transitions after the rules stopped changing and would give wrong offsets today.
# Europe/Berlin is about 2.3 KB fat and 0.7 KB slim.
file(SIZE "${BOOKING_ZONEINFO_DIR}/Europe/Berlin" _berlin)
if(_berlin LESS 1500)
  message(FATAL_ERROR "${BOOKING_ZONEINFO_DIR} holds slim TZif files (Europe/Berlin is ${_berlin} bytes): "
                      "date/tz needs fat ones (zic -b fat); point BOOKING_ZONEINFO_DIR at such a folder")
endif()

set(_tz_in "${BOOKING_DATE_SOURCE_DIR}/src/tz.cpp")
set(_tz_out "${CMAKE_BINARY_DIR}/bundled-tz/tz.cpp")
file(READ "${_tz_in}" _tz)
set(_hard_wired "    static const std::string tz_dir = discover_tz_dir();")
string(FIND "${_tz}" "${_hard_wired}" _at)
if(_at EQUAL -1)
  message(FATAL_ERROR "${_tz_in} is not the tz.cpp this hook was written for (no `${_hard_wired}`)")
endif()
string(REPLACE "${_hard_wired}" "    static const std::string tz_dir = booking_tz_dir_read();" _tz "${_tz}")
string(REPLACE "\nstatic\nconst std::string&\nget_tz_dir()\n" [=[

// booking: the folder of the zone files, settable once before the first zone is looked up.
static std::string booking_tz_dir_value;
static bool booking_tz_dir_fixed = false;
bool booking_set_tz_dir(const std::string& dir)
{
    if (booking_tz_dir_fixed)
        return false;
    booking_tz_dir_value = dir;
    return true;
}
static std::string booking_tz_dir_read()
{
    booking_tz_dir_fixed = true;
    return booking_tz_dir_value.empty() ? discover_tz_dir() : booking_tz_dir_value;
}

static
const std::string&
get_tz_dir()
]=] _tz "${_tz}")
string(FIND "${_tz}" "booking_set_tz_dir" _at)
if(_at EQUAL -1)
  message(FATAL_ERROR "${_tz_in}: get_tz_dir() not found where the hook goes")
endif()
file(WRITE "${_tz_out}.new" "${_tz}")
file(COPY_FILE "${_tz_out}.new" "${_tz_out}" ONLY_IF_DIFFERENT)  # unchanged source: no rebuild

add_library(booking_tz STATIC "${_tz_out}")
target_include_directories(booking_tz SYSTEM PUBLIC "${BOOKING_DATE_SOURCE_DIR}/include")
target_compile_definitions(booking_tz PUBLIC USE_OS_TZDB=1 HAS_REMOTE_API=0)
target_compile_features(booking_tz PUBLIC cxx_std_20)
set_target_properties(booking_tz PROPERTIES POSITION_INDEPENDENT_CODE ON CXX_VISIBILITY_PRESET hidden)
