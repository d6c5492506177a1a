"""One simulated browser tab for ``bench.load``: a websocket that speaks Streamlit's protocol.

It sends ``BackMsg`` protobufs and reads ``ForwardMsg`` protobufs (``streamlit.proto``), as the page's
JavaScript does: it keeps the value of every widget it has been sent and sends them all back with each
rerun, presses buttons by their label, types into the sidebar's "Seed" input, and keeps the large
messages the server marks cacheable so the server may answer with references (``ref_hash``).
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.NumberInput_pb2 import NumberInput
from streamlit.proto.RootContainer_pb2 import SIDEBAR
from streamlit.proto.WidgetStates_pb2 import WidgetState

SEED_LABEL = "Seed"


def widget_state(element, previous: WidgetState | None) -> WidgetState | None:
    """The value a browser holds for a widget element after drawing it, or None for a kind it keeps none of.

    The server's value (``set_value``) wins; otherwise the browser keeps what it had, else the default.
    Buttons keep nothing (their triggers last one rerun); kinds not listed here are left to the server.
    """
    kind = element.WhichOneof("type")
    proto = getattr(element, kind)
    if not proto.set_value and previous is not None:
        return previous
    state = WidgetState(id=proto.id)
    if kind == "checkbox":  # also st.toggle
        state.bool_value = proto.value if proto.set_value else proto.default
    elif kind == "number_input":
        if proto.set_value and proto.HasField("value"):
            value = proto.value
        elif proto.HasField("default"):
            value = proto.default
        else:
            return None  # an empty number input
        if proto.data_type == NumberInput.INT:
            state.int_value = int(value)
        else:
            state.double_value = value
    elif kind == "slider" and not proto.options:  # a numeric slider (a select_slider has options)
        state.double_array_value.data.extend(proto.value if proto.set_value else proto.default)
    elif kind in ("selectbox", "radio"):
        if proto.set_value and proto.HasField("raw_value"):
            state.string_value = proto.raw_value
        elif proto.HasField("default") and proto.default < len(proto.options):
            state.string_value = proto.options[proto.default]
        else:
            return None
    elif kind in ("text_input", "text_area"):
        if proto.set_value and proto.HasField("value"):
            state.string_value = proto.value
        elif proto.HasField("default"):
            state.string_value = proto.default
        else:
            return None
    elif kind == "multiselect":
        state.string_array_value.data.extend(
            proto.raw_values if proto.set_value else [proto.options[i] for i in proto.default]
        )
    else:
        return None
    return state


@dataclass
class Run:
    """What one script run sent to a visitor, timed from sending the rerun."""

    page: str
    action: str  # "open", "seed change" or "rerun"
    charts: int = 0
    chart_s: float | None = None  # until the last plotly_chart delta
    done_s: float | None = None  # until script_finished
    status: int | None = None
    exceptions: list[str] = field(default_factory=list)
    query_strings: list[str] = field(default_factory=list)  # from page_info_changed, in order
    texts: list[str] = field(default_factory=list)  # the markdown drawn, in order
    components: dict[str, dict] = field(default_factory=dict)  # a component's data (JSON) by its data's "name"
    fragments: dict[str, str] = field(default_factory=dict)  # the fragment a named component was drawn in, if any


class Visitor:
    """One browser tab: a websocket, the widget values it holds, its message cache and its URL."""

    def __init__(self, ws, timeout: float):
        self.ws = ws
        self.timeout = timeout
        self.widgets: dict[str, WidgetState] = {}
        self.cache: dict[str, ForwardMsg] = {}
        self.query_string = ""
        self.seed_id: str | None = None  # the sidebar's "Seed" number input in the last run
        self.buttons: dict[str, str] = {}  # label -> widget id of the buttons the last run drew

    async def rerun(
        self, page: str, action: str, query_string: str | None = None, click: str | None = None, fragment: str = ""
    ) -> Run:
        """Ask for a rerun of ``page`` (with the widgets' values, and ``click`` pressed) and read it to its end.

        ``fragment``: rerun only that fragment, as a widget inside it does in a browser.
        """
        if query_string is not None:
            self.query_string = query_string
        back = self._rerun_request(page, click)
        back.rerun_script.fragment_id = fragment
        run = Run(page, action)
        drawn: dict[str, WidgetState] = {}
        self.seed_id = None
        self.buttons = {}
        start = time.perf_counter()
        await self.ws.send(back.SerializeToString())
        while True:
            msg = self._resolve(ForwardMsg.FromString(await asyncio.wait_for(self.ws.recv(), self.timeout)))
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                self._read_element(msg, run, start, drawn)
            elif kind == "page_info_changed":
                self.query_string = msg.page_info_changed.query_string
                run.query_strings.append(self.query_string)
            elif kind == "script_finished":
                if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # st.rerun(): another run follows on its own
                run.status = msg.script_finished
                run.done_s = time.perf_counter() - start
                break
        # As a browser, forget the widgets the finished run no longer drew (a fragment's run draws only its own).
        self.widgets = self.widgets | drawn if fragment else drawn
        return run

    def _rerun_request(self, page: str, click: str | None) -> BackMsg:
        back = BackMsg()
        back.rerun_script.query_string = self.query_string
        back.rerun_script.page_name = page
        back.rerun_script.widget_states.widgets.extend(self.widgets.values())
        if click is not None:  # a button press lasts one rerun, as in a browser
            back.rerun_script.widget_states.widgets.append(WidgetState(id=click, trigger_value=True))
        back.rerun_script.cached_message_hashes.extend(self.cache)
        return back

    def _resolve(self, msg: ForwardMsg) -> ForwardMsg:
        """A message the server sent by reference (its hash), from the cache; a cacheable one goes into it."""
        if msg.HasField("ref_hash"):
            if msg.ref_hash not in self.cache:
                raise RuntimeError(f"the server referred to message {msg.ref_hash}, which was never sent")
            cached = ForwardMsg()
            cached.CopyFrom(self.cache[msg.ref_hash])
            cached.metadata.CopyFrom(msg.metadata)
            return cached
        if msg.metadata.cacheable:
            self.cache[msg.hash] = msg
        return msg

    def _read_element(self, msg: ForwardMsg, run: Run, start: float, drawn: dict[str, WidgetState]) -> None:
        """Note what a new element tells: a chart, an exception, a text, a button, a widget's state."""
        element = msg.delta.new_element
        element_kind = element.WhichOneof("type")
        if element_kind == "plotly_chart":
            run.charts += 1
            run.chart_s = time.perf_counter() - start
        elif element_kind == "exception":
            run.exceptions.append(f"{element.exception.type}: {element.exception.message}")
        proto = getattr(element, element_kind)
        if element_kind == "markdown":
            run.texts.append(proto.body)
        if element_kind == "bidi_component" and proto.json:
            data = json.loads(proto.json)
            name = str(data.get("name", proto.component_name)) if isinstance(data, dict) else ""
            run.components[name] = data
            if msg.delta.fragment_id:
                run.fragments[name] = msg.delta.fragment_id
        if element_kind == "button":
            self.buttons[proto.label] = proto.id
        widget_id = getattr(proto, "id", "") if hasattr(proto, "set_value") else ""
        if widget_id:
            state = widget_state(element, self.widgets.get(widget_id))
            if state is not None:
                drawn[widget_id] = state
                if (
                    element_kind == "number_input"
                    and proto.label == SEED_LABEL
                    and msg.metadata.delta_path[:1] == [SIDEBAR]
                ):
                    self.seed_id = widget_id

    async def press(self, page: str, label: str, fragment: str = "") -> Run:
        """Press a button of the last run by its label, as a visitor would (``fragment``: the one it is drawn in)."""
        if label not in self.buttons:
            raise RuntimeError(f"no button labelled {label!r} on the {page} page")
        return await self.rerun(page, label, click=self.buttons[label], fragment=fragment)

    async def change_seed(self, page: str, value: int) -> Run:
        """Type a new value into the sidebar's "Seed" number input, as a visitor would."""
        if self.seed_id is None:
            raise RuntimeError(f"no sidebar number input labelled {SEED_LABEL!r} on the {page} page")
        self.widgets[self.seed_id] = WidgetState(id=self.seed_id, int_value=value)
        return await self.rerun(page, "seed change")


def ws_url(url: str) -> str:
    return url.replace("http://", "ws://", 1) + "/_stcore/stream"


async def connect(url: str, headers: dict | None = None):
    # max_size=None: the comparison's charts arrive in messages of several hundred KB
    # ping_interval=None: a browser sends no pings either (the server does), and a busy server answers late
    # headers: e.g. a load balancer's cookie, as a browser sends it with the websocket's upgrade request
    return await websockets.connect(
        ws_url(url), subprotocols=["streamlit"], max_size=None, open_timeout=60, ping_interval=None,
        additional_headers=headers,
    )  # fmt: skip
