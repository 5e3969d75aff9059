"""Rupiah in and out as Indonesians write it: every form the brief names, the refusals, round trips."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matchmaker.model.lines import MAX_IDR
from matchmaker.model.text import AmountError
from matchmaker.reporting.numbers import format_count, format_rupiah, parse_rupiah


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Rp 306.548.050.000", 306_548_050_000),
        ("Rp 306.548.050.000,00", 306_548_050_000),
        ("Rp 1.500.000.000,-", 1_500_000_000),
        ("Rp1.500.000.000,—", 1_500_000_000),
        ("750 juta", 750_000_000),
        ("1,5 miliar", 1_500_000_000),
        ("1,5 milyar", 1_500_000_000),
        ("2 triliun", 2_000_000_000_000),
        ("Rp 2 T", 2_000_000_000_000),
        ("Rp 306,5 miliar", 306_500_000_000),
        ("1.250 juta", 1_250_000_000),  # a point before three digits groups thousands, words or not
        ("500 ribu", 500_000),
        ("Rp 306.5 billion", 306_500_000_000),
        ("IDR 2.5 million", 2_500_000),
        ("306548050000", 306_548_050_000),
        ("  Rp 750000 ", 750_000),
        ("1.500", 1500),  # the documented rule: Indonesian grouping
        ("2,5", 2.5),
        ("0.5", 0.5),  # a point before other than three digits cannot group: a decimal point
        ("1.5e9", 1.5e9),
        ("0", 0),
    ],
)
def test_forms_people_write(text: str, value: float) -> None:
    assert parse_rupiah(text) == value


@pytest.mark.parametrize(
    ("text", "reason", "hint"),
    [
        ("1,500", "ambiguous", "1.500 for fifteen hundred"),
        ("1,500,000", "English grouping", "1.500.000"),
        ("3 M", "unknown word 'M'", "juta or miliar"),
        ("1.5 miliar", "in threes", "decimal comma (1,5 miliar)"),
        ("1,5 billion", "in threes", "decimal point (1.5 billion)"),
        ("1.50.000", "in threes", "1.500.000"),
        ("Rp", "not an amount", "750 juta"),
        ("lima juta", "not an amount", "1,5 miliar"),
        ("-750 juta", "negative", "0 or more"),
        ("2 kuadriliun", "unknown word", "scale words"),
        ("1.000.001 miliar", "above the plausible maximum of Rp 1,000,000,000,000,000 (10^15)", "digits"),
    ],
)
def test_ambiguous_or_wrong_forms_are_refused_with_a_hint(text: str, reason: str, hint: str) -> None:
    with pytest.raises(AmountError) as caught:
        parse_rupiah(text)
    assert reason in caught.value.reason
    assert caught.value.hint is not None
    assert hint in caught.value.hint
    assert isinstance(caught.value, ValueError)  # callers catching ValueError keep working


def test_the_plausible_limit_is_inclusive() -> None:
    assert parse_rupiah("1.000.000 miliar") == MAX_IDR
    assert parse_rupiah(str(MAX_IDR)) == MAX_IDR
    with pytest.raises(AmountError, match="above the plausible maximum") as caught:
        parse_rupiah(str(MAX_IDR + 1))
    assert caught.value.kind == "implausible-amount"


def test_english_grouping_when_asked_for() -> None:
    assert parse_rupiah("1,500,000", "en") == 1_500_000
    assert parse_rupiah("1,500", "en") == 1500
    assert parse_rupiah("1.5", "en") == 1.5
    assert parse_rupiah("Rp 306.548.050.000", "en") == 306_548_050_000  # several points: only grouping


def test_words_in_prose() -> None:
    assert format_rupiah(306_548_050_000, words=True) == "Rp 306,5 miliar"
    assert format_rupiah(306_548_050_000, "en", words=True) == "Rp 306.5 billion"
    assert format_rupiah(1_000_055_301_000, words=True) == "Rp 1 triliun"
    assert format_rupiah(999_960_000_000, words=True) == "Rp 1 triliun"  # not "1.000 miliar"
    assert format_rupiah(750_000_000, words=True) == "Rp 750 juta"
    assert format_rupiah(750_000, words=True) == "Rp 750.000"  # below a million: digits
    assert format_rupiah(1_234_500_000_000_000, words=True) == "Rp 1.234,5 triliun"
    assert format_rupiah(-2e9, "en", words=True) == "-Rp 2 billion"


def test_counts_agree_with_their_noun() -> None:
    assert format_count(1, "meeting") == "1 meeting"
    assert format_count(0, "meeting") == "0 meetings"
    assert format_count(2, "company", "companies") == "2 companies"
    assert format_count(2, "pertemuan", lang="id") == "2 pertemuan"
    assert format_count(12_345, "meeting") == "12,345 meetings"


amounts = st.integers(min_value=0, max_value=MAX_IDR)
langs = st.sampled_from(["id", "en"])


@given(amounts, langs)
def test_digits_round_trip_exactly(value: int, lang: str) -> None:
    assert parse_rupiah(format_rupiah(value, lang), lang) == value


@given(st.integers(min_value=0, max_value=10**13), langs)
def test_sen_round_trip(cents: int, lang: str) -> None:
    text = format_rupiah(cents / 100, lang, decimals=2)
    assert parse_rupiah(text, lang) == pytest.approx(cents / 100, abs=1e-6)


@given(amounts, langs)
def test_words_round_trip_to_their_precision(value: int, lang: str) -> None:
    """Words keep one decimal of the scale word: the amount read back is within half of it."""
    text = format_rupiah(value, lang, words=True)
    back = parse_rupiah(text, lang)
    scale = next((s for s in (1e12, 1e9, 1e6) if round(value / s, 1) >= 1), 1.0)
    assert abs(back - value) <= 0.05 * scale * (1 + 1e-9)


@given(st.text(alphabet="0123456789.,- RpIDRjutamiliartribu", max_size=20))
def test_any_text_is_read_or_refused_with_a_reason(text: str) -> None:
    """Whatever is typed into a value cell: a plausible amount, or an AmountError with a hint."""
    value: float | None = None
    reason = ""
    try:
        value = parse_rupiah(text)
    except AmountError as exc:
        reason = exc.reason
    if value is None:
        assert reason
    else:
        assert 0 <= value <= MAX_IDR


@given(st.floats(min_value=0, max_value=MAX_IDR, allow_nan=False))
def test_participant_table_amounts_round_trip(value: float) -> None:
    """format_amount writes trade-line values so that the Indonesian-first reader gets them back exactly."""
    from matchmaker.model.text import format_amount, parse_amount

    assert parse_amount(format_amount(value)) == value


def test_explanations_write_sizes_in_the_english_style_of_the_evaluation(bundled) -> None:
    """explain() is English: it wrote ``Rp 1.809.000.000`` (the Indonesian style) where the
    evaluation writes ``Rp 249,596,000,000``.  Now every amount of an explanation is in the
    English style; the scores are the same (only their text changed)."""
    import matchmaker as mm

    scores = mm.score(bundled)
    text = str(scores.explain("JT-007", "SS-054"))
    assert "need 10631 Rp 1,809,000,000 vs capacity Rp 2,481,000,000" in text
    assert "Rp 249,596,000,000" in str(mm.run(bundled).evaluation)
    indonesian = re.compile(r"Rp \d{1,3}(?:\.\d{3})+")
    pairs = [(a, b) for a in bundled.ids("A")[:12] for b in bundled.ids("B")[:40]]
    texts = [str(scores.explain(a, b)) for a, b in pairs]
    assert sum(1 for t in texts if re.search(r"Rp \d{1,3}(?:,\d{3})+", t)) > 50  # sizes are told
    assert not [t for t in texts if indonesian.search(t)]
    assert scores.explain("JT-007", "SS-054").total == pytest.approx(0.724, abs=5e-4)


def test_an_implausible_amount_is_told_in_the_english_style() -> None:
    from matchmaker.model.lines import implausible_amount

    message = implausible_amount(1_000_000_000_000_001, "value_idr of '10631'").message
    assert message == (
        "value_idr of '10631' is Rp 1,000,000,000,000,001, above the plausible maximum of "
        "Rp 1,000,000,000,000,000 (10^15)"
    )
