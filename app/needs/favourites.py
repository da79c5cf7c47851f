"""Favourites (我的收藏): any signed-in account keeps needs and organisations it wants to find again.

Adding is idempotent (the unique (user, kind, target) constraint decides, so two taps at once keep one
row); the list names each target with at most one query per kind, whatever the page size.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from app.accounts.models import Organisation
from app.core.errors import NotFound
from app.core.persistence import upsert_insert
from app.core.timeutil import utcnow
from app.extensions import db
from app.needs.models import Favourite, FavouriteKind, Need, NeedStatus
from app.needs.todos import NEEDS_ORG_KINDS


@dataclass(frozen=True)
class FavouriteView:
    id: int
    kind: FavouriteKind
    target_id: int
    title: str          # the need's title or the organisation's name
    status: str | None  # the need's status, or the organisation's kind
    created_at: datetime


def _check_target(kind: FavouriteKind, target_id: int) -> None:
    """Only formal needs still on offer (not withdrawn) and league / volunteer-service organisations."""
    if kind is FavouriteKind.NEED:
        found = db.session.scalar(sa.select(Need.id).where(Need.id == target_id, Need.status != NeedStatus.WITHDRAWN))
        if found is None:
            raise NotFound("需求不存在或已撤回", error="need_not_found")
    else:
        found = db.session.scalar(sa.select(Organisation.id).where(
            Organisation.id == target_id, Organisation.kind.in_(NEEDS_ORG_KINDS), Organisation.is_active.is_(True)))
        if found is None:
            raise NotFound("组织不存在", error="organisation_not_found")


def add_favourite(user_id: int, kind: FavouriteKind, target_id: int) -> tuple[FavouriteView, bool]:
    """Keep `target` in the user's favourites. Returns (the favourite, True when it is new); adding one
    already kept returns the existing one and False."""
    _check_target(kind, target_id)
    created = db.session.execute(
        upsert_insert(Favourite).values(user_id=user_id, kind=kind.value, target_id=target_id, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["user_id", "kind", "target_id"])
        .returning(Favourite.__table__.c.id)).scalar() is not None
    favourite = db.session.scalars(sa.select(Favourite).where(
        Favourite.user_id == user_id, Favourite.kind == kind, Favourite.target_id == target_id)).one()
    return _views([favourite])[0], created


def is_favourite(user_id: int, kind: FavouriteKind, target_id: int) -> bool:
    """Whether the user keeps `target` among their favourites."""
    return db.session.scalar(sa.select(Favourite.id).where(
        Favourite.user_id == user_id, Favourite.kind == kind, Favourite.target_id == target_id)) is not None


def remove_favourite(user_id: int, kind: FavouriteKind, target_id: int) -> None:
    """Drop a favourite; 404 when the user does not keep it."""
    removed = db.session.execute(sa.delete(Favourite).where(
        Favourite.user_id == user_id, Favourite.kind == kind, Favourite.target_id == target_id)
        .returning(Favourite.id)).first()
    if removed is None:
        raise NotFound("未收藏该内容", error="favourite_not_found")


def list_favourites(user_id: int, kind: FavouriteKind | None = None, *, before_id: int | None = None,
                    limit: int = 20) -> list[FavouriteView]:
    """The user's favourites, newest first; pass the last one's id as `before_id` for the next page. A need
    withdrawn or an organisation closed since keeps its row (the user may remove it) with its last name."""
    query = sa.select(Favourite).where(Favourite.user_id == user_id)
    if kind is not None:
        query = query.where(Favourite.kind == kind)
    if before_id is not None:
        query = query.where(Favourite.id < before_id)
    return _views(list(db.session.scalars(query.order_by(Favourite.id.desc()).limit(limit))))


def _views(favourites: list[Favourite]) -> list[FavouriteView]:
    wanted: dict[FavouriteKind, set[int]] = {}
    for favourite in favourites:
        wanted.setdefault(favourite.kind, set()).add(favourite.target_id)
    found: dict[tuple[FavouriteKind, int], tuple[str, str]] = {}
    if FavouriteKind.NEED in wanted:
        for row in db.session.execute(sa.select(Need.id, Need.title, Need.status)
                                      .where(Need.id.in_(wanted[FavouriteKind.NEED]))):
            found[(FavouriteKind.NEED, row.id)] = (row.title, str(row.status))
    if FavouriteKind.ORGANISATION in wanted:
        for row in db.session.execute(sa.select(Organisation.id, Organisation.name, Organisation.kind)
                                      .where(Organisation.id.in_(wanted[FavouriteKind.ORGANISATION]))):
            found[(FavouriteKind.ORGANISATION, row.id)] = (row.name, str(row.kind))
    return [FavouriteView(f.id, f.kind, f.target_id, *found.get((f.kind, f.target_id), ("", None)), f.created_at)
            for f in favourites]
