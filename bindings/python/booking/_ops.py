"""Clinic operations (docs/operations.md): KPIs, reminders, iCalendar, waitlist.

The rules are the engine's (include/booking/{kpi,reminders,ical,waitlist}.h); this module only
turns Python values into requests and answers into Python values. ``booking.Clinic`` has a method
for each, and ``booking.ical_closures`` reads closures from an .ics file.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
from typing import Any, Mapping, Optional, Sequence, Union

from . import _core


class _Json:
    """An engine answer: its JSON text (byte-identical in every language) and its parsed form."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._data: dict[str, Any] = json.loads(text)

    def to_json(self) -> str:
        return self._text

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = json.loads(self._text)
        return result


class Kpis(_Json):
    """Occupancy per chair and professional per day (``occupancy`` is None on a closed day, never 0),
    booking counts by status, no-show and cancellation rates, and the lead-time distribution."""

    def __init__(self, text: str, csv: str) -> None:
        super().__init__(text)
        self._csv = csv
        self.chairs: list[dict[str, Any]] = self._data["chairs"]
        self.professionals: list[dict[str, Any]] = self._data["professionals"]
        self.bookings: dict[str, int] = self._data["bookings"]
        self.no_show_rate: Optional[float] = self._data["no_show_rate"]
        self.cancellation_rate: Optional[float] = self._data["cancellation_rate"]
        self.lead_time: dict[str, Any] = self._data["lead_time"]

    def to_csv(self) -> str:
        """The occupancy rows as CSV (CRLF lines; occupancy empty on a closed day), as ``booking kpis --csv``."""
        return self._csv

    def __repr__(self) -> str:
        return f"<Kpis {self._data['from']}..{self._data['to']}: {self.bookings['total']} bookings>"


class Reminders(_Json):
    """When to send each reminder of one booking: ``reminders`` (``at`` is an aware datetime) and
    ``dropped`` (with a ``reason``: past, same_instant, not_upcoming)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.reminders: list[dict[str, Any]] = [
            dict(r, at=_dt.datetime.fromisoformat(r["at"].replace("Z", "+00:00"))) for r in self._data["reminders"]]
        self.dropped: list[dict[str, Any]] = self._data["dropped"]

    def __len__(self) -> int:
        return len(self.reminders)

    def __repr__(self) -> str:
        return f"<Reminders {self._data['booking']}: {len(self.reminders)} to send, {len(self.dropped)} dropped>"


class WaitlistMatches(_Json):
    """The waitlist entries a freed interval can take, ranked (``matches``), and why the others cannot (``misses``)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.matches: list[dict[str, Any]] = self._data["matches"]
        self.misses: list[dict[str, Any]] = self._data["misses"]

    def __len__(self) -> int:
        return len(self.matches)

    def __repr__(self) -> str:
        return f"<WaitlistMatches {len(self.matches)} fit, {len(self.misses)} do not>"


class IcalClosures(_Json):
    """Closure dates read from an .ics file: ``closures`` (sorted ``datetime.date``) and ``events``."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.closures: list[_dt.date] = [_dt.date.fromisoformat(d) for d in self._data["closures"]]
        self.events: list[dict[str, Any]] = self._data["events"]


def _date(value: Union[str, _dt.date], pointer: str) -> str:
    from . import _date as date_text  # one rule for dates in the whole package

    return date_text(value, pointer)


def _instant(value: Union[str, _dt.datetime], pointer: str) -> str:
    from . import _instant as instant_text

    return instant_text(value, pointer)


def kpis(clinic: str, bookings: str, from_: Union[str, _dt.date], to: Union[str, _dt.date],
         site: Optional[str] = None) -> Kpis:
    req: dict[str, Any] = {"from": _date(from_, "/from"), "to": _date(to, "/to")}
    if site is not None:
        req["site"] = site
    text = json.dumps(req)
    return Kpis(_core.kpis_json(clinic, bookings, text), _core.kpis_csv(clinic, bookings, text))


def reminders(clinic: str, bookings: str, booking: str, now: Union[str, _dt.datetime],
              policy: Mapping[str, Any]) -> Reminders:
    req = {"booking": booking, "now": _instant(now, "/now"), "policy": dict(policy)}
    return Reminders(_core.reminders_json(clinic, bookings, json.dumps(req)))


def ical(clinic: str, bookings: str, from_: Union[str, _dt.date], to: Union[str, _dt.date],
         now: Union[str, _dt.datetime], professional: Optional[str], site: Optional[str], chair: Optional[str]) -> str:
    req: dict[str, Any] = {"from": _date(from_, "/from"), "to": _date(to, "/to"), "now": _instant(now, "/now")}
    for key, value in (("professional", professional), ("site", site), ("chair", chair)):
        if value is not None:
            req[key] = value
    return _core.ical_agenda(clinic, bookings, json.dumps(req))


def waitlist(clinic: str, bookings: str, entries: Union[str, Sequence[Mapping[str, Any]]],
             freed: Mapping[str, Any], now: Union[str, _dt.datetime]) -> WaitlistMatches:
    text = entries if isinstance(entries, str) else json.dumps([dict(e) for e in entries], ensure_ascii=False)
    req = {"freed": dict(freed), "now": _instant(now, "/now")}
    return WaitlistMatches(_core.waitlist_json(clinic, bookings, text, json.dumps(req, ensure_ascii=False)))


def ical_closures(ics: Union[str, bytes, "os.PathLike[str]"], from_: Union[str, _dt.date],
                  to: Union[str, _dt.date]) -> IcalClosures:
    """Closure dates from iCalendar text (``str``/``bytes``) or a file (``os.PathLike``) over [from_, to]:
    yearly RRULE and EXDATE are expanded; anything outside the supported subset (docs/operations.md)
    raises booking.Error naming the line and the property."""
    if isinstance(ics, os.PathLike):
        with open(ics, "rb") as f:
            ics = f.read()
    text = ics.decode("utf-8-sig") if isinstance(ics, bytes) else ics
    req = {"from": _date(from_, "/request/from"), "to": _date(to, "/request/to")}
    return IcalClosures(_core.ical_closures_json(text, json.dumps(req)))
