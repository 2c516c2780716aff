"""The five outlet samples: each page exports exactly its expected text, noise dropped.

The samples are rebuilt at test time from templates (tests/data/samples) and seed
text kept beside the clone (tests/samples.py); without the seeds these tests are
skipped, naming the folder.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime

import pytest

from crawler.config.extraction import ExtractionRules
from crawler.content.dates import JAKARTA
from crawler.content.extraction import extract_story
from crawler.content.story import ExtractedStory
from crawler.evaluate.extraction import count_boilerplate, evaluate, format_report, token_f1
from tests import samples
from tests.extractionkit import CONFIG, SHARED, rules_for
from tests.samples import (
    PLACEHOLDER,
    SEED_FILES,
    TemplateError,
    expected_template_path,
    fill,
    html_template_path,
    sample_expected,
    sample_html,
    seed_lines,
    seed_text,
)

SAMPLE_URLS = {
    "inilahkoran": "https://www.inilahkoran.com/berita/cimahi/21874/"
    "masuki-tahun-politik-dikdik-minta-asn-pemkot-cimahi-jaga-netralitas",
    "nyaringindonesia": "https://nyaringindonesia.com/"
    "pj-wali-kota-cimahi-minta-asn-jaga-netralitas-jelang-pilkada-serentak-2024/",
    "sahabat": "https://www.sahabat.com/2023/08/26/pemprov-dki-perkuat-netralitas-asn-jelang-pemilu-2024/",
    "abadikini": "https://www.abadikini.com/2024/09/12/"
    "penguatan-netralitas-asn-jelang-pilkada-2024-kemenko-polhukam-gelar-workshop-di-kota-bogor/",
    "neraca": "https://www.neraca.co.id/article/207316/"
    "pj-wali-kota-sukabumi-tekankan-netralitas-asn-selama-pilkada-2024",
}


def extract_sample(outlet: str, rules: ExtractionRules | None = None) -> ExtractedStory:
    rules = rules_for(outlet) if rules is None else rules
    return extract_story([sample_html(outlet)], SAMPLE_URLS[outlet], rules, SHARED)


# --- the five samples ------------------------------------------------------------


def test_every_sample_is_complete_and_names_a_configured_outlet():
    # An outlet added to the config has no sample until someone saves a real page of it;
    # its sample tests skip, saying so (tests/samples.py require_sample).
    assert set(SAMPLE_URLS) == set(SEED_FILES) <= set(CONFIG["outlets"])
    for outlet in SEED_FILES:
        assert html_template_path(outlet).is_file(), outlet
        assert expected_template_path(outlet).is_file(), outlet


@pytest.mark.parametrize("outlet", sorted(SAMPLE_URLS))
def test_sample_export_equals_clean_text(outlet):
    assert extract_sample(outlet).render() == sample_expected(outlet)


@pytest.mark.parametrize("outlet", sorted(SAMPLE_URLS))
def test_sample_expected_text_has_export_layout(outlet):
    expected = sample_expected(outlet)
    assert not expected.endswith("\n")
    assert "\r" not in expected
    assert "\n\n\n" not in expected
    assert count_boilerplate(expected) == 0


@pytest.mark.parametrize("outlet", sorted(SAMPLE_URLS))
def test_sample_html_holds_the_noise_the_story_must_lose(outlet):
    # Guards the fixtures: without noise in the page the export test proves little.
    page = sample_html(outlet).decode("utf-8")
    assert token_f1(page, sample_expected(outlet)) < 0.9


@pytest.mark.parametrize("outlet", sorted(SAMPLE_URLS))
def test_sample_falls_back_to_whole_page_when_container_is_missing(outlet):
    rules = rules_for(outlet).model_copy(update={"content_xpath": '//div[@id="no-such-box"]'})
    assert extract_sample(outlet, rules).render() == sample_expected(outlet)


@pytest.mark.parametrize(
    ("outlet", "author", "published_at", "canonical"),
    [
        (
            "inilahkoran",
            "{{seed:28:9:22}}",  # the editor named in the seed: no real name in the repo
            datetime(2023, 9, 28, 14, 5, tzinfo=JAKARTA),
            SAMPLE_URLS["inilahkoran"],
        ),
        (
            "nyaringindonesia",
            "Redaksi Nyaring",
            datetime(2024, 5, 22, 16, 40, 12, tzinfo=UTC),
            SAMPLE_URLS["nyaringindonesia"],
        ),
        (
            "sahabat",
            "Redaksi Sahabat",
            datetime(2023, 8, 26, 9, 12, tzinfo=JAKARTA),
            SAMPLE_URLS["sahabat"],  # from og:url: the page has no rel=canonical
        ),
        (
            "abadikini",
            "Siti Rahmawati",
            datetime(2024, 9, 12, 19, 47, 3, tzinfo=JAKARTA),
            SAMPLE_URLS["abadikini"],
        ),
        (
            "neraca",
            None,
            datetime(2024, 10, 30, tzinfo=JAKARTA),  # printed "Rabu, 30/10/2024"
            SAMPLE_URLS["neraca"],  # declared relative, made absolute
        ),
    ],
)
def test_sample_metadata(outlet, author, published_at, canonical):
    story = extract_sample(outlet)
    assert story.author == (None if author is None else seed_text(outlet, author))
    assert story.published_at == published_at
    assert story.published_at.tzinfo is not None
    assert story.canonical_url == canonical


def test_samples_beat_plain_trafilatura():
    cases = [
        (SAMPLE_URLS[o], [sample_html(o).decode()], sample_expected(o), rules_for(o))
        for o in sorted(SAMPLE_URLS)
    ]
    evaluation = evaluate(cases, SHARED)
    assert evaluation.mean_f1_ours == pytest.approx(1.0)
    assert evaluation.leaked_ours == 0
    assert evaluation.mean_f1_plain < evaluation.mean_f1_ours
    assert evaluation.leaked_plain > 0
    assert "mean token F1" in format_report(evaluation)


# --- the sample templates ------------------------------------------------------------

SEED_RUN = 30  # longer than any phrase the invented headlines share with a seed


@pytest.mark.parametrize("outlet", sorted(SAMPLE_URLS))
def test_sample_templates_hold_no_run_of_seed_text(outlet):
    # The rule the templates exist for: real article text lives only in the seeds
    # (tests/samples.py), never in the repository.
    runs = {
        line[i : i + SEED_RUN]
        for line in seed_lines(outlet)
        for i in range(len(line) - SEED_RUN + 1)
    }
    for path in (html_template_path(outlet), expected_template_path(outlet)):
        literal = html.unescape(PLACEHOLDER.sub("\x00", path.read_text(encoding="utf-8")))
        leaked = [run for run in runs if run in literal]
        assert not leaked, f"{path.name} holds seed text: {leaked[0]!r}"


def test_fill_takes_lines_and_slices_and_escapes_only_for_html():
    lines = ["Judul", "Kata \u201cASN\u201d & <netral>\u2026"]
    assert fill("<h1>{{seed:0}}</h1>", lines, for_html=True) == "<h1>Judul</h1>"
    assert fill("{{seed:1:5:10}}", lines, for_html=False) == "\u201cASN\u201d"
    assert fill("<p>{{seed:1}}</p>", lines, for_html=True) == (
        "<p>Kata &#8220;ASN&#8221; &amp; &lt;netral&gt;&#8230;</p>"
    )


@pytest.mark.parametrize(
    "template", ["{{seed:2}}", "{{seed:1:5:99}}", "{{seed:1:4:4}}", "{{seed:one}}"]
)
def test_fill_rejects_placeholders_outside_the_seed(template):
    with pytest.raises(TemplateError):
        fill(template, ["Judul", "Isi berita."], for_html=False)


def test_missing_seeds_skip_the_sample_tests_naming_the_folder(monkeypatch, tmp_path):
    monkeypatch.setattr(samples, "SEEDS_DIR", tmp_path / "no-seeds")
    with pytest.raises(pytest.skip.Exception, match=r"\.\./shared/seeds not found.*no-seeds"):
        samples.seeds_dir()
