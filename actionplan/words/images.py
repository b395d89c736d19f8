"""The images a document shows from the partnership folder (logos), as bytes read once.

A logo reaches both formats as a `Picture`: its name inside the partnership folder and the
bytes the partnership was loaded with (`Partnership.inputs`), never as a path to read again.
So the documents show exactly the bytes the build fingerprinted, and the PDF names the image
after `logos/x.png`, not after the folder it was built in (`Picture.url`): the same inputs in
two folders give the same bytes (issue 12, items 4 and 8).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from ..load.inputs import MAX_IMAGE_BYTES, Inputs, input_name
from ..model import Partnership

PICTURE_SCHEME = "actionplan-file"
"""The URL scheme under which the PDF renderer serves a `Picture` from memory."""


@dataclass(frozen=True)
class Picture:
    """An image of the partnership folder: `name` (e.g. `logos/north.png`) and its bytes."""

    name: str
    data: bytes

    @property
    def url(self) -> str:
        """`actionplan-file:logos/north.png`, the same in every folder."""
        return f"{PICTURE_SCHEME}:{quote(self.name)}"

    def __repr__(self) -> str:
        return f"Picture({self.name!r}, {len(self.data)} bytes)"


def picture(partnership: Partnership, relative: str | None) -> Picture | None:
    """The image `relative` names, from the bytes the partnership was loaded with (read now
    only for a partnership made without `load_partnership`)."""
    if not relative:
        return None
    name = input_name(relative)
    data = partnership.inputs.get(name)
    if data is None:
        data = Inputs(partnership.folder).read(relative, MAX_IMAGE_BYTES)
    return Picture(name, data)
