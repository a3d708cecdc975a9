"""The browser tests' check on what fills a translated message's placeholders (tests/e2e/placeholder_check.py)."""

from __future__ import annotations

import json

from tests.e2e import placeholder_check


def test_an_english_name_inside_a_translation_is_found_and_data_is_not():
    found = placeholder_check.english_values(["Cocaine", "Colombia", "Heroin, Opium", "Girardot", 1234, "可卡因"], "zh")
    assert found == ["Cocaine", "Colombia", "Heroin, Opium"]
    # A sentence of data that happens to hold a region's name between commas is data, not a list of names.
    assert placeholder_check.english_values(["Meeting of HONLEA, Europe, Lisbon, 2019"], "es") == []
    # A name that French writes as English does ("Portugal") is the French name, not English left over.
    assert placeholder_check.english_values(["Portugal", "Cocaine"], "fr") == ["Cocaine"]


def test_the_installed_check_logs_english_values_and_formats_as_before(tmp_path, monkeypatch):
    from dashboard import i18n, text

    log = tmp_path / "found.jsonl"
    monkeypatch.setattr(i18n, "_", i18n._)
    monkeypatch.setattr(i18n, "n_", i18n.n_)
    for name in ("plotly", "html_text", "markdown"):
        monkeypatch.setattr(text, name, getattr(text, name))
    placeholder_check.install(log)
    with i18n.using("fr"):
        sentence = i18n._("What {country} seizes").format(country="Colombia")
        assert sentence == "Colombia : ce qui est saisi"
        assert i18n._("What {country} seizes").format(country="Colombie") == "Colombie : ce qui est saisi"
        # Escaped before it is filled, a message is still checked.
        assert text.plotly(i18n._("What {country} seizes")).format(country="Colombia") == sentence
    with i18n.using("en"):
        i18n._("What {country} seizes").format(country="Colombia")  # English is the source: nothing to find
    found = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert found == [{"lang": "fr", "message": "{country} : ce qui est saisi", "value": "Colombia"}] * 2
    assert placeholder_check.found_since(log, 0) == found
    assert placeholder_check.found_since(log, placeholder_check.size(log)) == []
