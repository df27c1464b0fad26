"""Finished typography for every output: curly quotes, apostrophes and dashes by language.

Applied once, in the render stage, to the HTML every template produces (deck, handout, guide,
agenda), so the PPTX and PDF paths get the same text.  Only text reaches it: tags, ids, URLs,
file names in attributes, ``<code>``, ``<pre>``, ``<style>`` and ``<script>`` are left alone
(``alt`` and caption attributes are text people read, so they are set too).  In right-to-left
languages, Latin runs (citations, numbers, times, URLs) are wrapped in Unicode isolates
(LRI…PDI) so the bidi algorithm keeps their order; WeasyPrint lays out each text node on its
own, so isolates inside one text node are what keeps "Source: G3 …, p. 12" readable.
"""

from __future__ import annotations

import html as _html
import re
from functools import lru_cache

# primary open/close, secondary open/close, apostrophe
QUOTES: dict[str, tuple[str, str, str, str, str]] = {
    "en": ("\u201c", "\u201d", "\u2018", "\u2019", "\u2019"),
    "uk": ("\u00ab", "\u00bb", "\u201e", "\u201c", "\u2019"),
    "ru": ("\u00ab", "\u00bb", "\u201e", "\u201c", "\u2019"),
    "fr": ("\u00ab\u202f", "\u202f\u00bb", "\u201c", "\u201d", "\u2019"),
    "de": ("\u201e", "\u201c", "\u201a", "\u2018", "\u2019"),
    "ar": ("\u00ab", "\u00bb", "\u201c", "\u201d", "\u2019"),
}
RTL_LANGUAGES = {"ar", "fa", "he", "ur"}
LRI, PDI = "\u2066", "\u2069"
NBSP, NNBSP = "\u00a0", "\u202f"

_SKIP = {"style", "script", "code", "pre", "kbd", "samp"}
_BLOCK = {
    "p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "div", "section", "aside",
    "blockquote", "dt", "dd", "tr", "br", "ul", "ol", "table", "header", "footer", "nav",
    "figcaption", "title", "body", "head", "html",
}  # fmt: skip
_TOKEN = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9-]+)")
_TEXT_ATTR = re.compile(r'\b(alt|data-caption|aria-label)="([^"]*)"')
_OPENERS = set(" \t\n\u00a0\u202f([{\u2014\u2013-/\u00ab\u201e\u201c\u2018\u201a" + LRI)
_ENTITIES = (("&#34;", '"'), ("&quot;", '"'), ("&#39;", "'"), ("&#x27;", "'"))

# Ranges: 2009-2013, 12-15, 09:00-12:45 (not dates such as 2026-12, ids or phone numbers).
_RANGE = re.compile(r"(?<![\w./:-])(\d{1,4}(?::\d\d)?)-(\d{1,4}(?::\d\d)?)(?![\w/-]|[.,]\d)")
_SPACED = re.compile(r"(?<=\S) +(?:-{1,3}|\u2013|\u2014) +(?=\S)")
_LATIN_RUN = re.compile(
    r"[A-Za-z0-9\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f\s.,:;/()\[\]&+%_@#=\u2013\u2014'\u2019-]*"
)
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def _range(match: re.Match[str]) -> str:
    first, last = match.group(1), match.group(2)
    if ":" not in first + last and int(last) <= int(first):
        return match.group(0)  # 2026-12 is a month, not a range
    return f"{first}\u2013{last}"


def base_language(lang: str) -> str:
    return (lang or "en").split("-")[0].split("_")[0].lower()


@lru_cache(maxsize=16)
def _quotes(lang: str) -> tuple[str, str, str, str, str]:
    return QUOTES.get(base_language(lang), QUOTES["en"])


def typeset_text(text: str, lang: str = "en") -> str:
    """Plain text (a PDF title, a slide note): the same rules as ``typeset_html``."""
    return _Setter(lang).text(text)


def typeset_html(markup: str, lang: str = "en") -> str:
    """HTML from a template with its text set for ``lang``; markup is untouched."""
    return _Setter(lang).html(markup)


class _Setter:
    def __init__(self, lang: str) -> None:
        self.lang = base_language(lang)
        self.q = _quotes(self.lang)
        self.rtl = self.lang in RTL_LANGUAGES
        self.prev = " "
        self.stack: list[str] = []

    def reset(self) -> None:
        self.prev, self.stack = " ", []

    def html(self, markup: str) -> str:
        out: list[str] = []
        skip = 0
        ltr = 0  # depth inside an element already marked dir="ltr" (kept as the author wrote)
        for token in _TOKEN.split(markup):
            if not token:
                continue
            if token.startswith("<"):
                match = _TAG.match(token)
                if match and not token.startswith("<!"):
                    closing, name = match.group(1) == "/", match.group(2).lower()
                    if name in _SKIP and not token.endswith("/>"):
                        skip += -1 if closing else 1
                        skip = max(skip, 0)
                    if name in _BLOCK:
                        self.reset()
                    if name == "bdi" or 'dir="ltr"' in token:
                        ltr += -1 if closing else (0 if token.endswith("/>") else 1)
                        ltr = max(ltr, 0)
                    if not closing and "=" in token:
                        token = _TEXT_ATTR.sub(self._attr, token)
                out.append(token)
            elif skip:
                out.append(token)
            else:
                out.append(self.text(token, escaped=True, isolate=not ltr))
        return "".join(out)

    def _attr(self, match: re.Match[str]) -> str:
        saved = self.prev, self.stack
        self.reset()
        value = self.text(match.group(2), escaped=True, isolate=False)
        self.prev, self.stack = saved
        return f'{match.group(1)}="{value}"'

    def text(self, text: str, escaped: bool = False, isolate: bool = True) -> str:
        if escaped:
            for entity, char in _ENTITIES:
                text = text.replace(entity, char)
        if not text.strip():
            if text:
                self.prev = " "
            return text
        text = text.replace("...", "\u2026")
        text = _RANGE.sub(_range, text)
        dash = "\u2014" if self.lang in ("uk", "ru") else "\u2013"
        text = _SPACED.sub(f"{NBSP}{dash} ", text)
        text = self._quotes_in(text)
        if self.lang == "fr":
            text = re.sub(r"(?<=\w)\s?([;!?])", NNBSP + r"\1", text)
            text = re.sub(r"(?<=\w)\s?:(?=\s|$)", NNBSP + ":", text)
        if self.rtl:
            text = self._arabic_punctuation(text)
            if isolate:
                text = _LATIN_RUN.sub(self._isolate, text)
        return text

    def _quotes_in(self, text: str) -> str:
        d_open, d_close, s_open, s_close, apostrophe = self.q
        out: list[str] = []
        prev = self.prev
        for i, char in enumerate(text):
            nxt = text[i + 1] if i + 1 < len(text) else ""  # "": markup follows
            if char == '"':
                if prev in _OPENERS and not nxt.isspace():
                    char = d_open
                    self.stack.append('"')
                else:
                    char = d_close
                    if '"' in self.stack:
                        while self.stack and self.stack.pop() != '"':
                            pass
            elif char == "'":
                if prev.isalnum() and nxt.isalpha():
                    char = apostrophe  # it's, don't, d'Arc
                elif prev in _OPENERS and (nxt.isalnum() or nxt in "\"'"):
                    char = s_open
                    self.stack.append("'")
                elif "'" in self.stack:
                    char = s_close
                    while self.stack and self.stack.pop() != "'":
                        pass
                else:
                    char = apostrophe  # participants' (a possessive plural)
            out.append(char)
            prev = char
        self.prev = prev
        return "".join(out)

    def _arabic_punctuation(self, text: str) -> str:
        """Latin , ; ? next to Arabic words become ، ؛ ؟ (Latin runs keep theirs)."""

        def swap(match: re.Match[str]) -> str:
            before = text[: match.start()].rstrip()[-1:]
            after = text[match.end() :].lstrip()[:1]
            if _ARABIC.match(before or "") or (_ARABIC.match(after or "") and not before.isdigit()):
                return {",": "\u060c", ";": "\u061b", "?": "\u061f"}[match.group(0)]
            return match.group(0)

        return re.sub(r"[,;?]", swap, text)

    def _isolate(self, match: re.Match[str]) -> str:
        run = match.group(0)
        core = run.rstrip(" \t\n.,:;(\u00a0")
        if not core or core.isdigit() and len(core) <= 4 and core == run.strip():
            return run  # a lone number reads the same either way
        opened = core.count("(") - core.count(")")
        if opened < 0 and core.endswith(")"):
            core = core[:-1]
        tail = run[len(core) :]
        return f"{LRI}{core}{PDI}{tail}"


def escape_text(text: str) -> str:
    """HTML-escape text that is inserted after typesetting (quotes need no escaping)."""
    return _html.escape(text, quote=False)
