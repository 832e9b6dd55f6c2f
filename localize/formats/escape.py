"""What a translation may put into a built page: its text, escaped for where it goes.

A translation carries the inline codes of its source (:mod:`.codes`) and text; nothing else it
holds becomes markup. Each context has its escape: HTML text (``<`` ``>`` as references),
an HTML attribute value (always written quoted: a source's unquoted ``title=x`` gets quotes
when its translation is written), Markdown text (backslash escapes for what would start markup:
emphasis, links, code, raw HTML, a block at the line start; line breaks read as spaces), and a
Markdown link title or image alt text. What a translation holds that would have been markup
is reported by :mod:`.safety`.
"""

from __future__ import annotations

import html
import re

__all__ = ["escape", "unescape", "attr_how", "HOW"]

#: The contexts: HTML text, quoted and unquoted HTML attribute values, Markdown text and
#: Markdown alt/title text ("" writes text as it is: plain-text articles).
HOW = ("html", "attr", "attr-bare", "md", "md-attr", "")

_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")  # what CommonMark lets "\" escape
MD_ALWAYS = frozenset("\\`*_[]<~|")  # starts inline markup (or a table cell) anywhere
MD_ATTR = MD_ALWAYS | frozenset("\"'()!>")  # also ends a title or a label
_SPACE = ("", " ", "\t", "\n", "\r")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# At the start of a line: a heading, a quote, a list item, a rule, a setext underline.
_MD_LINE_START = re.compile(r"[#>+=-]|\d{1,9}(?=[.)])")


# A numeric reference beyond U+10FFFF is U+FFFD to a browser; html.unescape would first make an
# int of every digit (a ValueError past 4,300 of them).
_HUGE_REF = re.compile(r"&#(?:[xX]0*[1-9a-fA-F][0-9a-fA-F]{6,}|0*[1-9][0-9]{7,});?")


def unescape(text: str) -> str:
    """:func:`html.unescape` for any input (a 5,000-digit reference is U+FFFD, as a browser
    reads it)."""
    return html.unescape(_HUGE_REF.sub("\ufffd", text)) if "&" in text else text


def attr_how(src: str, start: int) -> str:
    """ "attr" for an attribute value at ``src[start]`` written in quotes, else "attr-bare"."""
    return "attr" if start > 0 and src[start - 1] in "\"'" else "attr-bare"


def _markdown(text: str, special: frozenset[str]) -> str:
    """``text`` with a backslash before each character of ``special``; the source's own
    escapes (``\\*``) stay as they are, a lone backslash is escaped."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and text[i + 1] in _PUNCT:
            out.append(text[i : i + 2])
            i += 2
            continue
        out.append("\\" + ch if ch in special else ch)
        i += 1
    return "".join(out)


def escape(text: str, how: str, *, first: bool = False, before: str = "", after: str = "") -> str:
    """``text`` (a translation's text between codes) written for context ``how`` (see HOW).

    Markdown only: ``first`` when it starts a line (line-start markup, leading white space),
    ``before``/``after`` the markup (a code's, or the source's around the segment) just before
    and after it: a ``!`` before a link's ``[`` would make an image, a ``(`` after its ``]`` a
    link.
    """
    if how == "html":
        return text.replace("<", "&lt;").replace(">", "&gt;")
    if how in ("attr", "attr-bare"):
        text = text.replace("<", "&lt;").replace(">", "&gt;")
        text = text.replace('"', "&quot;").replace("'", "&#39;")
        return f'"{text}"' if how == "attr-bare" else text
    if how not in ("md", "md-attr"):
        return text
    text = _LINE_BREAK.sub(" ", text)  # a blank line would end the paragraph
    if how == "md-attr":
        return _markdown(text, MD_ATTR)
    lead = ""
    if first:
        text = text.lstrip()  # four spaces would start a code block
        m = _MD_LINE_START.match(text)
        if m:
            lead, text = text[: m.end()], text[m.end() :]
            lead = lead if lead[0].isdigit() else "\\" + lead
            if lead[0].isdigit():
                lead, text = lead + "\\" + text[0], text[1:]
    if after[:1] in ("", "\n", "\r"):
        text = text.rstrip()  # two spaces before the line's end would be a line break
    out = lead + _markdown(text, MD_ALWAYS)
    # Beside other markup, or a sentence that follows without a space (whose translation may
    # start with a link's "[" or end with its "]"): "!" + "[" is an image, "]" + "(" a link.
    if after[:1] not in _SPACE and out.endswith("!") and not out.endswith("\\!"):
        out = out[:-1] + "\\!"
    if before[-1:] not in _SPACE and out[:1] in ("(", ":"):
        out = "\\" + out
    return out
