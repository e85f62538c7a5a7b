"""A browserless reader: one page run over the app's WebSocket, as a freshly opened tab (and the
load client) sends it, with the exceptions and warnings the page sent back."""

from __future__ import annotations

from dataclasses import dataclass, field

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect


@dataclass
class PageRun:
    """What a page run sent: how it finished, its exceptions and its warnings."""

    finished: str = ""
    exceptions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def run_page(port: int, page: str, query: str, timeout: float = 120) -> PageRun:
    """Run `page` (its URL path; "" for Home) with `query` in a new session; wait for its end."""
    message = BackMsg()
    message.rerun_script.query_string = query
    message.rerun_script.page_name = page
    run = PageRun()
    with connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                 max_size=None, open_timeout=timeout) as socket:
        socket.send(message.SerializeToString())
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(socket.recv(timeout))
            kind = forward.WhichOneof("type")
            if kind == "script_finished" and (forward.script_finished !=
                                              ForwardMsg.FINISHED_EARLY_FOR_RERUN):
                run.finished = ForwardMsg.ScriptFinishedStatus.Name(forward.script_finished)
                return run
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                if element.WhichOneof("type") == "exception":
                    run.exceptions.append(f"{element.exception.type}: "
                                          f"{element.exception.message}")
                elif (element.WhichOneof("type") == "alert"
                      and element.alert.format == Alert.WARNING):
                    run.warnings.append(element.alert.body)
