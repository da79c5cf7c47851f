"""The configured WeChat templates for a route's template shape, per channel."""
from __future__ import annotations

from app.notify.models import Channel
from config.notifications import MP_TEMPLATES, OA_TEMPLATES

_BY_CHANNEL = {Channel.MP_SUBSCRIBE: MP_TEMPLATES, Channel.OA_TEMPLATE: OA_TEMPLATES}


def channel_templates(shape: str | None) -> list[tuple[Channel, dict]]:
    if shape is None:
        return []
    return [(channel, templates[shape]) for channel, templates in _BY_CHANNEL.items() if shape in templates]


def mp_template_ids() -> set[str]:
    return {t["id"] for t in MP_TEMPLATES.values()}


def mp_templates_by_shape() -> dict[str, str]:
    return {shape: t["id"] for shape, t in MP_TEMPLATES.items()}
