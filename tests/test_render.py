"""What the article commands print is rendered by the library (localize.pipeline's render
functions); the CLI only echoes it. The CLI tests hold the lines as users see them; these hold
the renderers' own promises."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from localize.pipeline import (
    BuildSummary,
    Built,
    Gap,
    RunResult,
    Written,
    build_lines,
    build_total_line,
    not_ready_line,
    out_of_date_line,
    segments_json,
    segments_text,
    update_lines,
)

KINDS = st.sampled_from(["title", "sentence", "caption", "item"])
SEGMENTS = st.lists(
    st.builds(
        SimpleNamespace,
        id=st.text(min_size=1, max_size=12),
        text=st.text(max_size=40),
        kind=KINDS,
        line=st.integers(1, 10**6),
    ),
    min_size=1,
    max_size=8,
)


@given(SEGMENTS)
def test_streamed_segments_json_is_the_plain_document(segments) -> None:
    """Rendered in pieces (bounded memory), the pieces make exactly ``json.dumps`` of the rows."""
    rows = [{"id": s.id, "text": s.text, "kind": s.kind, "line": s.line} for s in segments]
    text = "".join(segments_json(iter(segments)))
    assert text == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    assert json.loads(text) == rows


def test_segments_text_is_one_line_each_with_its_place() -> None:
    segs = [SimpleNamespace(id="a", text="Hi.", kind="sentence", line=3)]
    assert list(segments_text(Path("a.txt"), segs)) == ["a.txt:3: [sentence] Hi.\n"]


def test_update_lines_say_what_a_check_would_write() -> None:
    result = RunResult(
        written=[Written(Path("a.pot"), False), Written(Path("ru/a.po"), True)],
        changes={"ru": SimpleNamespace(new=2, changed=1, obsolete=0)},
    )
    assert update_lines(result) == [
        "unchanged a.pot",
        "wrote ru/a.po",
        "ru: 2 new, 1 changed, 0 obsolete",
    ]
    assert update_lines(result, check=True) == [
        "would write ru/a.po",
        "ru: 2 new, 1 changed, 0 obsolete",
    ]
    assert out_of_date_line(result) == "localize: 1 file(s) out of date; run localize update"
    current = RunResult(written=[Written(Path("a.pot"), False)])
    assert out_of_date_line(current) is None
    assert update_lines(current, check=True) == ["all templates and catalogs up to date"]


def test_build_lines_leave_the_hint_to_the_caller() -> None:
    gap = Gap("ru/a.po:3", "fuzzy", "Hi.")
    summary = BuildSummary(
        [
            Built(Path("a.txt"), "ru", Path("out/ru/a.txt"), True, []),
            Built(Path("b.txt"), "ru", Path("out/ru/b.txt"), False, []),
            Built(Path("c.txt"), "ru", None, False, [gap]),
        ]
    )
    assert build_lines(summary) == ["wrote out/ru/a.txt", "unchanged out/ru/b.txt"]
    assert build_total_line(summary) == "built 2 of 3; 1 not ready, nothing written for them"
    assert build_total_line(summary, hint=" (do X)").endswith("for them (do X)")
    assert build_total_line(BuildSummary(summary.built[:1]), hint=" (do X)") == "built 1 of 1"
    assert not_ready_line([gap]) == "localize: 1 sentence(s) not ready; nothing written"
