"""Dates in the file's own order: inferred from all the file's dates, an unrevealed order warned."""

import pytest

from labapp.importers.dates import read_timestamps

UNREVEALED = "do not show whether the day or the month comes first"


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["08/02/2016", "12/31/2016"], ["2016-08-02", "2016-12-31"]),  # 31 in second place: MDY
        (["08/02/2016", "31/12/2016"], ["2016-02-08", "2016-12-31"]),  # 31 in first place: DMY
        (["10.03.2015 18:52", "13.03.2015 07:01:09"], ["2015-03-10T18:52:00", "2015-03-13T07:01:09"]),
        (["3-25-16 2:05:09 PM", "3-1-16 12:00 AM"], ["2016-03-25T14:05:09", "2016-03-01T00:00:00"]),
        (["25/03/69", "25/03/70"], ["2069-03-25", "1970-03-25"]),  # two-digit years pivot at 69
        (["2015/3/10 18:52", "2016-08-02T14:11:28.250"], ["2015-03-10T18:52:00", "2016-08-02T14:11:28"]),
        (
            ["10-Mar-2015", "Mar 10, 2015 1:00 pm", "Tuesday 10 March 15"],
            ["2015-03-10", "2015-03-10T13:00:00", "2015-03-10"],
        ),
        (["2015年3月10日 10:00"], ["2015-03-10T10:00:00"]),
        (["20250331 74914", "20250331 120000"], ["2025-03-31T07:49:14", "2025-03-31T12:00:00"]),
        (["12.Mär.2024", "3 Okt 2024"], ["2024-03-12", "2024-10-03"]),
    ],
)
def test_revealed_orders_read_without_warning(texts, expected):
    reading = read_timestamps(texts, "", "f.csv")
    assert reading.iso == expected
    assert reading.warnings == []


def test_unrevealed_order_uses_the_profile_hint_and_says_so():
    reading = read_timestamps(["08/02/2016", "09/02/2016"], "MDY", "profile p")
    assert reading.iso == ["2016-08-02", "2016-09-02"] and reading.order == "MDY"
    assert len(reading.warnings) == 1
    assert UNREVEALED in reading.warnings[0] and "'08/02/2016'" in reading.warnings[0]
    assert "month first (MDY), as the profile states" in reading.warnings[0]


def test_unrevealed_order_without_hint_reads_day_first_with_a_warning():
    reading = read_timestamps(["01.06.07"], "", "niton.csv")
    assert reading.iso == ["2007-06-01"] and reading.order == "DMY"
    assert UNREVEALED in reading.warnings[0] and reading.warnings[0].startswith("niton.csv: ")


def test_same_day_and_month_is_not_ambiguous():
    reading = read_timestamps(["05/05/2020", "11/11/2020 10:00"], "", "")
    assert reading.iso == ["2020-05-05", "2020-11-11T10:00:00"] and reading.warnings == []


def test_a_file_mixing_both_orders_leaves_numeric_dates_blank():
    reading = read_timestamps(["31/12/2015", "12/31/2015", "2015-12-31"], "DMY", "f.csv")
    assert reading.iso == ["", "", "2015-12-31"]
    assert len(reading.warnings) == 1 and "do not fit one day/month order" in reading.warnings[0]


@pytest.mark.parametrize(
    "text",
    ["yesterday", "12:00", "30/02/2016", "2016-13-01", "25:00 01/01/2016", "13:00 PM 01/01/2016", "1/2/3"],
)
def test_impossible_or_unknown_text_is_blank_and_named(text):
    reading = read_timestamps([text, "2016-01-01"], "", "f.csv")
    assert reading.iso[0] == "" and reading.iso[1] == "2016-01-01"
    assert any(repr(text) in w for w in reading.warnings) or any("do not fit" in w for w in reading.warnings)


def test_blank_text_is_blank_without_warning():
    assert read_timestamps(["", "  "], "", "") == read_timestamps(["", "  "], "DMY", "")
    assert read_timestamps(["", "  "]).iso == ["", ""] and read_timestamps([""]).warnings == []


def test_many_unreadable_texts_make_one_short_warning():
    reading = read_timestamps([f"run {i}" for i in range(50)], "", "f.csv")
    assert len(reading.warnings) == 1 and "and 47 more" in reading.warnings[0]
