import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clinic"


@pytest.fixture
def example() -> "booking.Clinic":  # noqa: F821
    import booking

    return booking.Clinic.from_path(EXAMPLE / "clinic.json", bookings=EXAMPLE / "bookings.json")
