"""The fit engine measures shaped text (raqm): Arabic in its joined forms, Latin with kerning,
close to an independent FreeType measure; without raqm it falls back to summed advance widths,
which are never narrower (safe)."""

from __future__ import annotations

import independent_measure as independent
import pytest
from PIL import features

from trainpack.write.pptx import fit

ARABIC = "يمكنكم مغادرة القاعة في أي وقت دون الحاجة إلى ذكر السبب"
LATIN = "AVATAR Toyota WAVE"

needs_raqm = pytest.mark.skipif(not features.check("raqm"), reason="Pillow without raqm")


def words_width(metrics: fit.Metrics, text: str, size: float) -> float:
    return sum(metrics.width(word, size) for word in text.split())


@needs_raqm
@pytest.mark.parametrize("text", [ARABIC, LATIN])
def test_shaped_widths_match_an_independent_measure(text: str) -> None:
    shaped = fit.Metrics(fit.DEFAULT.regular, fit.ARABIC[0], shaped=True)
    ours = words_width(shaped, text, 24.0)
    theirs = sum(independent.width(word, 24.0) for word in text.split())
    assert ours == pytest.approx(theirs, rel=0.02)


@needs_raqm
def test_arabic_is_no_longer_overestimated_and_kerning_counts() -> None:
    shaped = fit.Metrics(fit.DEFAULT.regular, fit.ARABIC[0], shaped=True)
    summed = fit.Metrics(fit.DEFAULT.regular, fit.ARABIC[0], shaped=False)
    assert words_width(shaped, ARABIC, 24.0) < 0.85 * words_width(summed, ARABIC, 24.0)
    assert shaped.width("AV", 24.0) < summed.width("AV", 24.0)  # a kerned pair
    assert shaped.uses_fallback("مرحبا") and not shaped.uses_fallback("hello")


def test_bidi_isolates_take_no_width_shaped_or_not() -> None:
    for shaped in (True, False):
        metrics = fit.Metrics(fit.DEFAULT.regular, fit.ARABIC[0], shaped=shaped)
        assert metrics.width("\u2066NRM\u2069", 20.0) == pytest.approx(metrics.width("NRM", 20.0))
