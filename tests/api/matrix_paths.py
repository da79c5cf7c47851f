"""Path templates for permission-matrix rows whose placeholders come from a feature's own objects."""
from __future__ import annotations


class Path(str):
    """A path template with the route's own placeholder names (as the coverage check wants), filled from
    named keys of the world: Path("/orders/{order_id}", order_id="takes_order") takes ids["takes_order"]."""

    def __new__(cls, template: str, **keys: str):
        path = super().__new__(cls, template)
        path.keys = keys
        return path

    def format_map(self, mapping):
        return str.format_map(self, {**mapping, **{name: mapping[key] for name, key in self.keys.items()}})
