import datetime as dt
import json
from importlib import resources

from peaceops.decisions.calendar import Period, flags_for, periods_covering

CONGRESS = Period("Congress", "congress", dt.date(2027, 1, 10), dt.date(2027, 1, 20))
DAY = Period("National Day", "anniversary", dt.date(2027, 9, 2), dt.date(2027, 9, 2))


def test_a_date_on_either_end_of_a_period_is_inside_it():
    assert periods_covering(dt.date(2027, 1, 10), [CONGRESS]) == [CONGRESS]
    assert periods_covering(dt.date(2027, 1, 20), [CONGRESS]) == [CONGRESS]
    assert periods_covering(dt.date(2027, 1, 21), [CONGRESS]) == []
    assert periods_covering(None, [CONGRESS]) == []


def test_each_date_inside_a_period_gets_one_flag_naming_what_it_is():
    flags = flags_for({"planned_start": dt.date(2027, 1, 15), "decision_due": dt.date(2027, 3, 1),
                       "announcement_on": dt.date(2027, 9, 2)}, [DAY, CONGRESS])
    assert [(f.what, f.period.name) for f in flags] == [("planned_start", "Congress"),
                                                       ("announcement_on", "National Day")]


def test_every_shipped_period_has_a_source_or_is_marked_an_example():
    data = json.loads(resources.files("peaceops.decisions.reference").joinpath("sensitive_periods.json").read_text())
    for period in data["periods"]:
        assert period["example"] or period["source"].strip(), period["code"]
        if period["example"]:
            assert "EXAMPLE" in period["name_en"]
        assert period["start"] <= period["end"]
