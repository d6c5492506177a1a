"""The lecture's presentation mode: in the link like the lab's, and its diagrams drawn for a projector."""

import json

from sim.walkthrough import WalkthroughSettings, walkthrough
from tests.lecture_driver import opened
from ui.lecture.charts import for_projector
from ui.lecture.diagrams import _line, _network
from ui.lecture.url import LectureState, read_lecture_url, write_lecture_url


def test_presentation_mode_is_in_the_link():
    assert read_lecture_url({"presentation": "1"}).presentation
    assert not read_lecture_url({}).presentation
    assert write_lecture_url(LectureState(presentation=True)) == {"presentation": "1"}
    assert "presentation='maybe'" in read_lecture_url({"presentation": "maybe"}).problems[0]


def test_on_a_projector_every_text_is_14_px_or_more_and_every_line_2_5_px_or_more():
    update = walkthrough(WalkthroughSettings(), 2)[1]
    for substep in ("forward", "draw", "new_bias", "new_prob"):
        for figure in (_network(update, substep, True), _network(update, substep, True, narrow=True),
                       _line(update, substep, True)):  # fmt: skip
            before = [note.font.size for note in figure.layout.annotations]
            projected = for_projector(figure)
            sizes = [note.font.size for note in projected.layout.annotations]
            assert min(sizes) >= 17 and all(after > size for after, size in zip(sizes, before) if size)
            widths = [s.line.width for s in projected.layout.shapes if s.line.width] + [
                n.arrowwidth for n in projected.layout.annotations if n.showarrow
            ]
            assert min(widths) >= 2.5


def test_the_lecture_opens_in_presentation_mode_from_its_link():
    plain, projected = opened({}), opened({"presentation": "1", "update": "2", "substep": "draw"})
    assert projected.toggle(key="lecture_presentation").value and not plain.toggle(key="lecture_presentation").value
    assert projected.query_params["presentation"] == "1"

    def smallest_text(at):
        specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
        return min(note["font"]["size"] for spec in specs for note in spec["layout"]["annotations"] if note["text"])

    assert smallest_text(projected) >= 1.2 * smallest_text(plain) >= 14
