"""Cleaning the shipped UN files: the quirks PROVENANCE.md lists are all handled."""

import pytest

from peaceops.insights import cleaning, reference


@pytest.fixture(scope="module")
def countries():
    return cleaning.Countries(reference.countries_rows())


def load(key):
    meta = reference.entry(key)
    return reference.raw_bytes(meta["file"]), meta


def test_the_shipped_files_are_the_published_ones_byte_for_byte():
    for meta in reference.manifest():
        data = reference.raw_bytes(meta["file"])
        assert reference.sha256(data) == meta["sha256"], meta["key"]


@pytest.fixture(scope="module")
def gender():
    data, _meta = load("contributions-gender")
    return cleaning.gender_contributions(cleaning.read_rows(reference.text_lines(data)))


def test_the_gender_file_loses_its_duplicates_and_aggregates(gender):
    records, tally = gender
    assert tally.rows_in_file == 43_255
    assert tally.counts["exact_duplicates_dropped"] == 4_599
    assert tally.counts["aggregate_rows_excluded"] == 6_085
    assert tally.rows_loaded == 43_255 - 4_599 - 6_085
    keys = [(r.month, r.country_name, r.mission, r.personnel_type) for r in records]
    assert len(keys) == len(set(keys))


def test_no_aggregate_and_no_apostrophe_survives_in_per_country_facts(gender):
    records, _tally = gender
    assert not any("all" in (r.country_name, r.country_iso3, r.mission) for r in records)
    assert not any("'" in r.country_name + r.country_iso3 + r.mission for r in records)


def test_na_means_no_contribution_of_that_type(gender):
    records, _tally = gender
    vietnam = [r for r in records if r.country_iso3 == "VNM"]
    assert [(r.month.isoformat(), r.mission, r.personnel_type, r.male, r.total) for r in vietnam] == [
        ("2014-07-31", "UNMISS", "experts", 2, 2)]


def test_fatalities_are_trimmed_and_their_codes_typed():
    data, _meta = load("fatalities")
    records, tally = cleaning.fatalities(cleaning.read_dicts(reference.text_lines(data)))
    assert len(records) == 4_429
    assert {r.personnel_type for r in records} == {"Military", "Local", "International Civilian", "Police",
                                                  "Military Observer", "Other"}
    france = next(r for r in records if r.nationality_iso3 == "FRA")
    assert france.m49 == 250
    blank = [r for r in records if not r.nationality_iso3]
    assert len(blank) == tally.counts["blank_iso3_kept_unknown"] == 52
    assert all(r.m49 is None for r in blank)
    vietnam = [r for r in records if r.nationality == "Viet Nam"]
    assert [(r.mission, r.incident_date.isoformat(), r.nationality_iso3) for r in vietnam] == [
        ("MINUSCA", "2022-01-06", "")]


def test_yearly_averages_keep_only_real_contributions_and_find_every_country(countries):
    data, _meta = load("contributions-yearly")
    records, tally = cleaning.yearly_contributions(cleaning.read_dicts(reference.text_lines(data)), countries)
    assert tally.rows_loaded == 6_215 and tally.counts["zero_rows_skipped"] == 57_425 - 6_215
    assert "unknown_country" not in tally.counts
    vietnam = {(r.year, r.mission): r.total for r in records if r.country_iso3 == "VNM"}
    assert vietnam[(2019, "UNMISS")] == 68 and vietnam[(2020, "MINUSCA")] == 6


def test_contributor_names_without_a_code_map_to_iso3(countries):
    assert countries.code("Vietnam'") == "VNM" and countries.code("Viet Nam") == "VNM"
    assert countries.code("Cape Verde") == countries.code("Cabo Verde") == "CPV"
    assert countries.code("Atlantis") == ""
    assert countries.name("VNM") == "Viet Nam"


def test_every_ranking_row_is_read_despite_the_byte_order_mark():
    data, _meta = load("ranking")
    records, _tally = cleaning.ranking(cleaning.read_dicts(reference.text_lines(data, bom=True)))
    vietnam = next(r for r in records if r.iso3 == "VNM")
    assert (vietnam.rank, vietnam.female, vietnam.male, vietnam.total) == (69, 12, 63, 75)
