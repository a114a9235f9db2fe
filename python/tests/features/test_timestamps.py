import pytest

from warden_features import format_timestamp, parse_timestamp

EPOCH_2026_01_05 = 1767571200 * 1_000_000


@pytest.mark.parametrize("text, expected", [
    ("2026-01-05T00:00:00Z", EPOCH_2026_01_05),
    ("2026-01-05T00:00:00.5Z", EPOCH_2026_01_05 + 500_000),
    ("2026-01-05T00:00:00.000001Z", EPOCH_2026_01_05 + 1),
    ("2026-01-05T00:00:00.123456Z", EPOCH_2026_01_05 + 123_456),
    ("2026-01-05T01:00:00+01:00", EPOCH_2026_01_05),
    ("2026-01-04T19:00:00-05:00", EPOCH_2026_01_05),
    ("2026-01-05T05:30:00+05:30", EPOCH_2026_01_05),
    ("1970-01-01T00:00:00Z", 0),
    ("1969-12-31T23:59:59.999999Z", -1),
    ("2024-02-29T00:00:00Z", 1709164800 * 1_000_000),
])
def test_parses_contract_timestamps_to_integer_microseconds(text, expected):
    assert parse_timestamp(text) == expected


@pytest.mark.parametrize("text", [
    "2026-01-05 00:00:00Z",          # space for T
    "2026-01-05T00:00:00",           # no zone
    "2026-01-05T00:00:00.Z",         # empty fraction
    "2026-01-05T00:00:00.1234567Z",  # 7 digits
    "2026-01-05T00:00:00+0100",      # offset without colon
    "2026-01-05t00:00:00z",          # lower case
    "2026-13-05T00:00:00Z", "2026-02-29T00:00:00Z", "2026-01-05T24:00:00Z", "2026-01-05T00:60:00Z",
    "2026-01-05T00:00:60Z", "2026-01-05T00:00:00+24:00",
    " 2026-01-05T00:00:00Z", "2026-01-05T00:00:00Z\n", "2026-01-05T00:00:00Z ",
    "２０２６-01-05T00:00:00Z",       # non-ASCII digits
    "1767571200", "",
])
def test_rejects_anything_else(text):
    assert parse_timestamp(text) is None


@pytest.mark.parametrize("us, text", [
    (EPOCH_2026_01_05 + 10 * 3600 * 1_000_000 + 300_000_000, "2026-01-05T10:05:00Z"),
    (EPOCH_2026_01_05 + 120_000, "2026-01-05T00:00:00.12Z"),
    (EPOCH_2026_01_05 + 1, "2026-01-05T00:00:00.000001Z"),
    (-1, "1969-12-31T23:59:59.999999Z"),
])
def test_formats_utc_with_z_and_only_the_needed_fraction_digits(us, text):
    assert format_timestamp(us) == text
    assert parse_timestamp(text) == us
