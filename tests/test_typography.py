"""Finished typography: quotes, apostrophes and dashes by language; markup, ids and code kept."""

from __future__ import annotations

import pytest

from trainpack.render.typography import LRI, PDI, typeset_html, typeset_text

SAMPLE = (
    "<p>She said &#34;don&#39;t go&#34; - the children&#39;s &#39;safe&#39; place, 2009-2013.</p>"
)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en-GB",
            "She said \u201cdon\u2019t go\u201d \u2013 the children\u2019s \u2018safe\u2019 place, 2009\u20132013.",
        ),
        (
            "uk",
            "She said \u00abdon\u2019t go\u00bb \u2014 the children\u2019s \u201esafe\u201c place, 2009\u20132013.",
        ),
        (
            "fr",
            "She said \u00ab\u202fdon\u2019t go\u202f\u00bb \u2013 the children\u2019s \u201csafe\u201d place, 2009\u20132013.",
        ),
    ],
)
def test_quotes_apostrophes_and_dashes_per_language(lang: str, expected: str) -> None:
    out = typeset_html(SAMPLE, lang)
    text = out.removeprefix("<p>").removesuffix("</p>").replace("\u00a0", " ")
    assert text == expected


def test_arabic_quotes_punctuation_and_isolated_latin_runs() -> None:
    out = typeset_html(
        "<p>قال &#34;مرحبا&#34;, انظر G3 Recognising, p. 12 بين 09:00-09:50</p>", "ar"
    )
    assert "\u00abمرحبا\u00bb\u060c" in out
    assert f"{LRI}G3 Recognising, p. 12{PDI}" in out
    assert f"{LRI}09:00\u201309:50{PDI}" in out


def test_markup_code_and_attributes_that_are_not_text_are_untouched() -> None:
    html = (
        '<section data-origin="modules/05-x/module.yaml:14"><style>a::before { content: "x"; }</style>'
        '<img src="pics/2009-2013 \'a\'.png" alt="a &#34;b&#34;"><code>"raw" - 1-2</code></section>'
    )
    out = typeset_html(html, "en")
    assert 'data-origin="modules/05-x/module.yaml:14"' in out
    assert 'content: "x";' in out and '<code>"raw" - 1-2</code>' in out
    assert "src=\"pics/2009-2013 'a'.png\"" in out
    assert 'alt="a \u201cb\u201d"' in out


def test_quotes_across_inline_elements_and_months_are_not_ranges() -> None:
    out = typeset_html("<p>&#34;<em>Stop</em>,&#34; she said (as of 2026-12)</p>", "en")
    assert out == "<p>\u201c<em>Stop</em>,\u201d she said (as of 2026-12)</p>"
    assert typeset_text("ages 12-15 and 0800-123-456", "en") == "ages 12\u201315 and 0800-123-456"
