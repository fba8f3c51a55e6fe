"""A minimal Streamlit websocket client for the benches: load a page, set widgets, time it.

It speaks the browser's protocol (``/_stcore/stream``, BackMsg ``rerun_script``, ForwardMsg
until ``script_finished``), keeps Streamlit's message cache like a browser does (so an
unchanged large element comes back as a reference) and offers websocket compression.
``Teller`` is a loopback TCP relay that counts the bytes really sent by the server, i.e.
after permessage-deflate. Loopback only; asserts nothing.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState


@dataclass
class Run:
    seconds: float
    raw_bytes: int
    messages: int
    exception: bool


@dataclass
class Sessie:
    """One browser tab: a websocket, the widgets it has seen, the messages it has cached."""

    url: str  # ws://127.0.0.1:port/_stcore/stream
    page: str = ""
    cookie: str | None = None  # e.g. nginx's affinity cookie "pk_instance=…"
    session_id: str = ""
    ws: object | None = None
    widgets: dict[str, tuple[str, object]] = field(default_factory=dict)  # label -> (id, proto)
    components: list[str] = field(default_factory=list)  # ids of custom components
    state: dict[str, WidgetState] = field(default_factory=dict)
    cached: set[str] = field(default_factory=set)
    elements: dict[str, object] = field(default_factory=dict)  # ref hash -> element
    teksten: list[str] = field(default_factory=list)  # headings and markdown of the last run
    fouten: list[str] = field(default_factory=list)  # exception messages seen

    async def connect(self) -> None:
        self.ws = await websockets.connect(
            self.url,
            subprotocols=["streamlit"],
            additional_headers={"Cookie": self.cookie} if self.cookie else None,
            compression="deflate",
            max_size=None,
            open_timeout=60,
            ping_interval=None,
        )

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def run(self, timeout: float = 300) -> Run:
        """Ask for a rerun with the current widget states; wait until the script finished."""
        msg = BackMsg()
        cs = msg.rerun_script
        cs.page_name = self.page
        cs.widget_states.widgets.extend(self.state.values())
        cs.cached_message_hashes.extend(sorted(self.cached))
        t0 = time.perf_counter()
        self.teksten = []
        await self.ws.send(msg.SerializeToString())
        raw = n = 0
        fout = False
        while True:
            data = await asyncio.wait_for(self.ws.recv(), timeout)
            raw += len(data)
            n += 1
            fm = ForwardMsg()
            fm.ParseFromString(data)
            kind = fm.WhichOneof("type")
            if kind == "new_session":
                self.session_id = fm.new_session.initialize.session_id
            if fm.metadata.cacheable and fm.hash:
                self.cached.add(fm.hash)
            if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                self._remember(fm.delta.new_element)
            if kind == "ref_hash" and fm.ref_hash in self.elements:
                self._remember(self.elements[fm.ref_hash])
            if kind == "delta" and fm.hash and fm.delta.WhichOneof("type") == "new_element":
                self.elements[fm.hash] = fm.delta.new_element
            if kind == "delta" and fm.delta.new_element.WhichOneof("type") == "exception":
                fout = True
                self.fouten.append(fm.delta.new_element.exception.message)
            if kind == "script_finished":
                status = fm.script_finished
                if status in (
                    ForwardMsg.FINISHED_SUCCESSFULLY,
                    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
                ):
                    return Run(time.perf_counter() - t0, raw, n, fout)

    async def upload_urls(self, names: list[str], timeout: float = 60) -> list[str]:
        """Ask the server where to PUT files (what a file_uploader does before uploading)."""
        msg = BackMsg()
        msg.file_urls_request.request_id = "bench"
        msg.file_urls_request.session_id = self.session_id
        msg.file_urls_request.file_names.extend(names)
        await self.ws.send(msg.SerializeToString())
        while True:
            fm = ForwardMsg()
            fm.ParseFromString(await asyncio.wait_for(self.ws.recv(), timeout))
            if fm.WhichOneof("type") == "file_urls_response":
                return [u.upload_url for u in fm.file_urls_response.file_urls]

    def _remember(self, el) -> None:
        kind = el.WhichOneof("type")
        proto = getattr(el, kind)
        label = getattr(proto, "label", None)
        wid = getattr(proto, "id", None)
        if kind in ("heading", "markdown"):
            self.teksten.append(proto.body)
        if kind == "component_instance":
            if wid not in self.components:
                self.components.append(wid)
        elif label and wid:
            self.widgets[label] = (wid, proto)

    def set_string(self, label: str, value: str) -> None:
        wid, _ = self.widgets[label]
        self.state[wid] = WidgetState(id=wid, string_value=value)

    def set_component(self, value: dict, index: int = -1) -> None:
        wid = self.components[index]
        self.state[wid] = WidgetState(id=wid, json_value=json.dumps(value))


class Teller:
    """Loopback relay to ``port`` counting the bytes the server sends back (on the wire)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.down = 0
        self.server: asyncio.base_events.Server | None = None

    async def start(self) -> int:
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        return self.server.sockets[0].getsockname()[1]

    async def _handle(self, reader, writer) -> None:
        up_r, up_w = await asyncio.open_connection("127.0.0.1", self.port)

        async def pipe(src, dst, count: bool) -> None:
            try:
                while data := await src.read(65536):
                    if count:
                        self.down += len(data)
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, asyncio.CancelledError):
                pass
            finally:
                dst.close()

        await asyncio.gather(pipe(reader, up_w, False), pipe(up_r, writer, True))

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
