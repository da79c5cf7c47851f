"""Images made in memory, signed-in users made through the real session code."""
from __future__ import annotations

import io
import itertools
import struct
import zlib

from PIL import Image
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from app.accounts.models import User
from app.accounts.sessions import start_session
from app.core.unit_of_work import unit_of_work

_serial = itertools.count(1)


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (8, 6), color=(200, 30, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares huge dimensions and carries almost no data: the shape of a bomb."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + chunk(b"IEND", b""))


def make_user(app, **fields) -> tuple[int, dict]:
    """A user row and the Authorization header of a fresh mini-program session."""
    fields.setdefault("mp_openid", f"openid-upload-test-{next(_serial)}")
    with app.app_context(), unit_of_work() as session:
        user = User(**fields)
        session.add(user)
        session.flush()
        token = start_session(user, "mp")["access_token"]
        return user.id, {"Authorization": f"Bearer {token}"}


def post_image(client, headers: dict, data: bytes, filename: str = "photo.png",
               content_type: str = "application/octet-stream", address: str = "127.0.0.1"):
    # Our own environ, closed afterwards: werkzeug spools a large body to a temporary file.
    builder = EnvironBuilder(path="/api/v1/uploads", method="POST", headers=headers,
                             environ_base={"REMOTE_ADDR": address},
                             data={"file": (io.BytesIO(data), filename, content_type)})
    environ = builder.get_environ()
    try:
        # A Request, not the bare environ: for a dict the client would put its own REMOTE_ADDR back.
        return client.open(Request(environ))
    finally:
        environ["wsgi.input"].close()
        builder.close()
