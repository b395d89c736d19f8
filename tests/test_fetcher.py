"""The rendering sandbox: WeasyPrint reads local template and partnership files, nothing else.

Every payload is rendered by WeasyPrint itself through `SandboxedFetcher`, while a loopback
HTTP server listens: each render must stop with `FetchRefused` naming the URL, and the server
must never see a request.
"""

from __future__ import annotations

import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import weasyprint
from weasyprint.urls import FatalURLFetchingError

from actionplan.render.pdf.fetcher import FetchRefused, SandboxedFetcher

PNG = bytes.fromhex(  # a 1×1 transparent PNG
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")


class Spy(http.server.BaseHTTPRequestHandler):
    """Answers everything with a tiny PNG or stylesheet, and records that it was asked."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.server.requests.append(self.path)  # type: ignore[attr-defined]
        css = self.path.endswith(".css")
        body = b"body { color: red }" if css else PNG
        self.send_response(200)
        self.send_header("Content-Type", "text/css" if css else "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[http.server.HTTPServer]:
    """A loopback server on a free port, served from a thread, shut down after the test."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Spy)
    httpd.timeout = 2
    httpd.requests = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An allowed folder with a logo in it."""
    allowed = tmp_path / "partnership"
    allowed.mkdir()
    (allowed / "logo.png").write_bytes(PNG)
    return allowed


def render(html: str, fetcher: SandboxedFetcher, base: Path) -> bytes:
    """Lay out and write, as the real renderer does (attachments are fetched when writing)."""
    document = weasyprint.HTML(string=html, base_url=base.as_uri() + "/",
                               url_fetcher=fetcher).render()
    return document.write_pdf()


def test_server_answers_when_asked(server: http.server.HTTPServer) -> None:
    """The spy works: a plain request reaches it (so zero requests below means something)."""
    import urllib.request

    port = server.server_address[1]
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/probe.png", timeout=5) as answer:
        assert answer.read() == PNG
    assert server.requests == ["/probe.png"]  # type: ignore[attr-defined]


NETWORK_PAYLOADS = {
    "img": '<img src="http://127.0.0.1:{port}/x.png">',
    "https img": '<img src="https://127.0.0.1:{port}/x.png">',
    "stylesheet link": '<link rel="stylesheet" href="http://127.0.0.1:{port}/s.css"><p>x</p>',
    "css url()": '<style>p {{ background: url(http://127.0.0.1:{port}/bg.png) }}</style><p>x</p>',
    "css @import": '<style>@import url("http://127.0.0.1:{port}/i.css");</style><p>x</p>',
    "font-face": ('<style>@font-face {{ font-family: X; src: url(http://127.0.0.1:{port}/f.ttf) }}'
                  "p {{ font-family: X }}</style><p>x</p>"),
    "base href + img": '<base href="http://127.0.0.1:{port}/"><img src="x.png">',
    "base href + link": ('<base href="http://127.0.0.1:{port}/">'
                         '<link rel="stylesheet" href="s.css"><p>x</p>'),
    "attachment link": '<link rel="attachment" href="http://127.0.0.1:{port}/a.bin"><p>x</p>',
    "attachment anchor": '<a rel="attachment" href="http://127.0.0.1:{port}/a.bin">a</a>',
    "object": '<object data="http://127.0.0.1:{port}/x.png" type="image/png"></object>',
    "embed": '<embed src="http://127.0.0.1:{port}/x.png" type="image/png">',
    "ftp img": '<img src="ftp://127.0.0.1:{port}/x.png">',
    "svg image": ('<img src="data:image/svg+xml,<svg xmlns=\'http://www.w3.org/2000/svg\' '
                  "xmlns:xlink='http://www.w3.org/1999/xlink'><image "
                  "xlink:href='http://127.0.0.1:{port}/x.png' width='5' height='5'/></svg>\">"),
}


@pytest.mark.parametrize("payload", NETWORK_PAYLOADS.values(), ids=NETWORK_PAYLOADS.keys())
def test_network_is_never_reached(payload: str, server: http.server.HTTPServer,
                                  folder: Path) -> None:
    port = server.server_address[1]
    html = payload.format(port=port)
    with pytest.raises(FetchRefused) as refused:
        render(html, SandboxedFetcher([folder]), folder)
    assert "is never fetched" in str(refused.value) or "are never fetched" in str(refused.value)
    assert refused.value.url.split(":", 1)[0] in ("http", "https", "ftp", "data")
    assert server.requests == []  # type: ignore[attr-defined]


FILE_PAYLOADS = {
    "img": '<img src="file:///etc/passwd">',
    "attachment": '<link rel="attachment" href="file:///etc/passwd"><p>x</p>',
    "css url()": '<style>p { background: url(file:///etc/passwd) }</style><p>x</p>',
    "stylesheet": '<link rel="stylesheet" href="file:///etc/passwd"><p>x</p>',
    "dot-dot": '<img src="../../../../../../../../etc/passwd">',
    "host": '<img src="file://example.org/etc/passwd">',
}


@pytest.mark.parametrize("payload", FILE_PAYLOADS.values(), ids=FILE_PAYLOADS.keys())
def test_files_outside_the_folders_are_refused(payload: str, folder: Path) -> None:
    fetcher = SandboxedFetcher([folder])
    with pytest.raises(FetchRefused) as refused:
        render(payload, fetcher, folder)
    assert "passwd" in str(refused.value)
    assert fetcher.served == []


def test_refusal_stops_weasyprint(folder: Path) -> None:
    """A refusal is fatal for WeasyPrint: it is never turned into a warning and a blank."""
    assert issubclass(FetchRefused, FatalURLFetchingError)


def test_file_inside_the_folder_is_served(folder: Path) -> None:
    fetcher = SandboxedFetcher([folder])
    render('<img src="logo.png">', fetcher, folder)
    assert fetcher.served == [(folder / "logo.png").as_uri()]


def test_missing_file_is_an_error_not_a_blank(folder: Path) -> None:
    with pytest.raises(FetchRefused, match="missing.png.*no such file"):
        render('<img src="missing.png">', SandboxedFetcher([folder]), folder)


def test_symlink_out_of_the_folder_is_refused(folder: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(PNG)
    (folder / "link.png").symlink_to(secret)
    with pytest.raises(FetchRefused, match="outside"):
        render('<img src="link.png">', SandboxedFetcher([folder]), folder)


def test_symlink_inside_the_folder_is_followed(folder: Path) -> None:
    (folder / "alias.png").symlink_to(folder / "logo.png")
    fetcher = SandboxedFetcher([folder])
    render('<img src="alias.png">', fetcher, folder)
    assert len(fetcher.served) == 1


def test_folder_and_fifo_are_refused(folder: Path) -> None:
    (folder / "dir.png").mkdir()
    with pytest.raises(FetchRefused, match="not a regular file"):
        render('<img src="dir.png">', SandboxedFetcher([folder]), folder)
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.png")
        with pytest.raises(FetchRefused, match="not a regular file"):  # and no hang
            render('<img src="pipe.png">', SandboxedFetcher([folder]), folder)


def test_data_url_is_refused(folder: Path) -> None:
    with pytest.raises(FetchRefused, match="data: URLs"):
        render('<img src="data:image/png;base64,iVBORw0KGgo=">', SandboxedFetcher([folder]),
               folder)


def test_template_layers_fall_back_to_the_built_in_folder(tmp_path: Path) -> None:
    """A file missing from the overriding template folder comes from the next one."""
    override, builtin = tmp_path / "override", tmp_path / "builtin"
    override.mkdir()
    (builtin / "img").mkdir(parents=True)
    (builtin / "img" / "mark.png").write_bytes(PNG)
    fetcher = SandboxedFetcher([], [override, builtin])
    assert fetcher.resolve((override / "img" / "mark.png").as_uri()) == \
        (builtin / "img" / "mark.png").resolve()
    (override / "img").mkdir()
    (override / "img" / "mark.png").write_bytes(PNG)
    assert fetcher.resolve((override / "img" / "mark.png").as_uri()) == \
        (override / "img" / "mark.png").resolve()
    with pytest.raises(FetchRefused, match="outside"):
        fetcher.resolve((override / ".." / ".." / "etc" / "passwd").as_uri())
