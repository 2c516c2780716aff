"""The topic filter: the shipped rules on the labelled set, and each matching rule on its own."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from crawler.config.topic import TopicRules
from crawler.content.topic import TopicFilter
from crawler.evaluate.topic import DEFAULT_LABELLED, evaluate, format_report, load_labelled

ROOT = Path(__file__).parents[1]
LABELLED = DEFAULT_LABELLED


@pytest.fixture(scope="module")
def shipped() -> TopicFilter:
    """The filter as configured in the repository's config.yaml."""
    data = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    return TopicFilter(TopicRules.model_validate(data["topic"]))


def small_rules(**changes: Any) -> TopicRules:
    """A few groups, independent of the shipped tuning, for tests of one mechanism each."""
    data: dict[str, Any] = {
        "groups": {
            "asn": {"terms": ["asn", "pns", "pegawai negeri", "pegawai negeri sipil"], "weight": 2},
            "neutrality": {"terms": ["netral*", "ketidaknetral*"], "weight": 2},
            "election": {"terms": ["pemilu", "pilkada"]},
            "forces": {"terms": ["tni", "polri"], "weight": -2},
        },
        "proximity": {"near": {"first": ["asn"], "second": ["neutrality"], "window": 5}},
        "required": ["asn", "election", "near"],
        "exclude_phrases": ["netralitas internet"],
        "title_weight": 3.0,
        "threshold": 0.0,
    }
    data.update(changes)
    return TopicRules.model_validate(data)


def filler(n: int) -> str:
    return " ".join(["kota"] * n)


# --- the shipped rules --------------------------------------------------------------------


def test_shipped_rules_reach_precision_and_recall_floor_on_labelled_set(
    shipped: TopicFilter,
) -> None:
    evaluation = evaluate(load_labelled(LABELLED), shipped)
    report = format_report(evaluation)
    assert evaluation.precision >= 0.95, report
    assert evaluation.recall >= 0.95, report


def test_labelled_set_covers_every_hard_case_at_least_five_times() -> None:
    articles = load_labelled(LABELLED)
    cases = Counter(a.hard_case for a in articles if a.label == "negative")
    assert len(articles) >= 70
    assert sum(a.label == "positive" for a in articles) >= 25
    for case in ("net_neutrality", "tni_polri", "asn_non_election", "election_no_asn"):
        assert cases[case] >= 5, case
    assert cases["other_netral"] >= 5


def test_shipped_rules_keep_a_plain_asn_neutrality_story(shipped: TopicFilter) -> None:
    verdict = shipped.classify(
        "Bupati Minta PNS Tetap Netral di Pilkada",
        "Bupati mengingatkan seluruh pegawai negeri sipil agar netral selama kampanye Pilkada.",
    )
    assert verdict.relevant, verdict.reason


@pytest.mark.parametrize(
    ("case", "title", "text"),
    [
        (
            "net_neutrality",
            "ASN Diskominfo Susun Aturan Netralitas Internet Jelang Pemilu",
            "Tim ASN Diskominfo menyusun pedoman netralitas internet agar operator tidak "
            "memperlambat situs mana pun selama masa kampanye pemilu.",
        ),
        (
            "tni_polri",
            "Kapolda: Anggota Polri Wajib Netral di Pilkada",
            "Kapolda meminta seluruh anggota Polri dan prajurit TNI netral selama Pilkada. "
            "Polisi yang berfoto dengan calon akan diperiksa Propam.",
        ),
        (
            "asn_non_election",
            "Pendaftaran Seleksi PPPK Dibuka, ASN Diminta Bantu Sosialisasi",
            "Pemkot membuka seleksi PPPK dan meminta ASN membantu sosialisasi kepada warga.",
        ),
        (
            "election_no_asn",
            "KPU Minta Petugas KPPS Netral Saat Pemilu",
            "Ketua KPU meminta seluruh anggota KPPS bersikap netral di TPS saat pemilu.",
        ),
        (
            "other_netral",
            "PNS Dukung Target Karbon Netral Kota",
            "Para PNS diminta bersepeda ke kantor demi target karbon netral dan hemat energi.",
        ),
    ],
)
def test_shipped_rules_reject_hard_case(
    shipped: TopicFilter, case: str, title: str, text: str
) -> None:
    verdict = shipped.classify(title, text)
    assert not verdict.relevant, f"{case}: {verdict.reason}"


# --- matching -----------------------------------------------------------------------------


def test_terms_match_whole_words_only() -> None:
    verdict = TopicFilter(small_rules()).classify("", "Asnawi dan para CPNS netral di pemilu")
    assert "asn" not in verdict.matched_terms
    assert "pns" not in verdict.matched_terms
    assert verdict.reason == "missing required group: asn"


def test_wildcard_matches_inflected_forms_only_at_the_word_edge() -> None:
    verdict = TopicFilter(small_rules()).classify(
        "", "netral netralitas ketidaknetralan menetralkan"
    )
    assert verdict.matched_terms == ("netral", "netralitas", "ketidaknetralan")


def test_matching_ignores_case_punctuation_and_hyphens() -> None:
    verdict = TopicFilter(small_rules()).classify("", '"(ASN)," dan TNI-Polri; NETRAL.')
    assert verdict.matched_terms == ("asn", "tni", "polri", "netral")


def test_longer_term_wins_over_its_prefix() -> None:
    verdict = TopicFilter(small_rules()).classify("", "pegawai negeri sipil netral di pemilu")
    assert verdict.matched_terms[0] == "pegawai negeri sipil"
    assert "pegawai negeri" not in verdict.matched_terms


def test_matched_terms_are_distinct_title_first_in_order_of_appearance() -> None:
    verdict = TopicFilter(small_rules()).classify(
        "Pemilu dan ASN", "ASN netral. Pilkada, pemilu, ASN netral."
    )
    assert verdict.matched_terms == ("pemilu", "asn", "netral", "pilkada")


def test_excluded_phrase_is_removed_before_matching() -> None:
    title, text = "ASN dan Pemilu", "ASN menjaga netralitas internet selama pemilu"
    with_exclusion = TopicFilter(small_rules()).classify(title, text)
    without = TopicFilter(small_rules(exclude_phrases=[])).classify(title, text)
    assert without.relevant and "netralitas" in without.matched_terms
    assert not with_exclusion.relevant
    assert "netralitas" not in with_exclusion.matched_terms


# --- scoring ------------------------------------------------------------------------------


def test_title_match_counts_more_than_the_same_match_in_text() -> None:
    flt = TopicFilter(small_rules())
    body = "ASN netral di pemilu"
    in_title = flt.classify("ASN", body)
    in_text = flt.classify("", body + " ASN")
    assert in_title.score > in_text.score


def test_repeating_a_term_has_diminishing_returns() -> None:
    flt = TopicFilter(small_rules(required=[]))

    def score(n: int) -> float:
        return flt.classify("", " ".join(["asn"] * n)).score

    assert score(2) - score(1) > score(20) - score(19) > 0


def test_negative_weight_group_lowers_the_score() -> None:
    flt = TopicFilter(small_rules())
    plain = flt.classify("", "ASN netral di pemilu")
    with_forces = flt.classify("", "ASN netral di pemilu bersama TNI dan Polri")
    assert with_forces.score < plain.score


def test_score_below_threshold_is_not_relevant_and_says_so() -> None:
    verdict = TopicFilter(small_rules(threshold=100)).classify("", "ASN netral di pemilu")
    assert not verdict.relevant
    assert verdict.reason.startswith("score ") and "< 100" in verdict.reason


def test_required_proximity_rejects_terms_far_apart() -> None:
    verdict = TopicFilter(small_rules()).classify("", f"ASN {filler(10)} netral di pemilu")
    assert not verdict.relevant
    assert verdict.reason == "missing required rule: near"


def test_headline_proximity_pairs_a_title_subject_with_any_later_word() -> None:
    text = f"Para pegawai {filler(10)} diminta netral di pemilu"
    title = "Imbauan untuk ASN"
    near = {"first": ["asn"], "second": ["neutrality"], "window": 5}
    plain = TopicFilter(small_rules(proximity={"near": near})).classify(title, text)
    headline = {**near, "headline": True}
    with_headline = TopicFilter(small_rules(proximity={"near": headline})).classify(title, text)
    assert not plain.relevant
    assert with_headline.relevant, with_headline.reason


# --- validation ---------------------------------------------------------------------------


def test_unknown_required_group_is_a_validation_error_naming_it() -> None:
    with pytest.raises(ValidationError, match=r"required\[1\].*'asnn'"):
        small_rules(required=["election", "asnn"])


def test_unknown_group_in_proximity_is_a_validation_error_naming_it() -> None:
    with pytest.raises(ValidationError, match=r"proximity\.near\.second.*'netral'"):
        small_rules(proximity={"near": {"first": ["asn"], "second": ["netral"]}})


def test_regular_expression_term_is_a_validation_error_naming_group_and_term() -> None:
    groups = {"asn": {"terms": ["asn", "(ke)?netral"]}}
    with pytest.raises(ValidationError) as caught:
        small_rules(groups=groups, proximity={}, required=[])
    error = caught.value.errors()[0]
    assert error["loc"] == ("groups", "asn", "terms")
    assert "(ke)?netral" in error["msg"]


def test_term_in_two_groups_is_a_validation_error() -> None:
    groups = {"a": {"terms": ["asn"]}, "b": {"terms": ["ASN"]}}
    with pytest.raises(ValidationError, match="'asn' is in both 'a' and 'b'"):
        small_rules(groups=groups, proximity={}, required=[])


def test_plain_name_in_required_means_a_list_of_one() -> None:
    assert small_rules().required[0] == ["asn"]


# --- evaluation ---------------------------------------------------------------------------


def test_report_lists_misclassified_titles_with_score_and_reason(tmp_path: Path) -> None:
    path = tmp_path / "set.yaml"
    articles = [
        {"id": "a", "label": "positive", "title": "ASN Netral", "text": "ASN netral pemilu"},
        {"id": "b", "label": "negative", "hard_case": "tni_polri", "title": "TNI", "text": "x"},
    ]
    path.write_text(yaml.safe_dump({"articles": articles}), encoding="utf-8")
    evaluation = evaluate(load_labelled(path), TopicFilter(small_rules(threshold=100)))
    report = format_report(evaluation)
    assert (evaluation.tp, evaluation.fp, evaluation.fn, evaluation.tn) == (0, 0, 1, 1)
    assert evaluation.recall == 0.0
    assert "[a] expected positive: ASN Netral" in report
    assert "< 100" in report


def test_load_labelled_rejects_hard_case_on_a_positive(tmp_path: Path) -> None:
    path = tmp_path / "set.yaml"
    entry = {"id": "a", "label": "positive", "hard_case": "tni_polri", "title": "t", "text": "x"}
    path.write_text(yaml.safe_dump({"articles": [entry]}), encoding="utf-8")
    with pytest.raises(ValueError, match=r"articles\[0\].*only for negative"):
        load_labelled(path)


def test_load_labelled_rejects_repeated_ids(tmp_path: Path) -> None:
    path = tmp_path / "set.yaml"
    entry = {"id": "a", "label": "negative", "title": "t", "text": "x"}
    path.write_text(yaml.safe_dump({"articles": [entry, entry]}), encoding="utf-8")
    with pytest.raises(ValueError, match="repeated id 'a'"):
        load_labelled(path)
