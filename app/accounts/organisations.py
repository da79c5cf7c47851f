"""Organisations, their password accounts, and staff binding their WeChat identity to them."""
from __future__ import annotations

import secrets
import string

import sqlalchemy as sa

from app.accounts import sessions
from app.accounts.models import ORG_REGION_LEVELS, MemberRole, Membership, Organisation, OrgKind, User
from app.accounts.passwords import LEAGUE_INITIAL_PASSWORD, check_strength, hash_password, verify_account
from app.accounts.policy import Actor, authorize
from app.accounts.regions import get_region
from app.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.core.persistence import insert_unique
from app.extensions import db

_LEVEL_NAMES = {"city": "市", "district": "区", "street": "街道", "community": "社区"}


def create_organisation(name: str, kind: OrgKind, region_code: str) -> Organisation:
    region = get_region(region_code)
    allowed = ORG_REGION_LEVELS.get(kind)
    if allowed is not None and region.level not in allowed:
        levels = "或".join(_LEVEL_NAMES[level] for level in allowed)
        raise InvalidInput(f"该类机构应设在{levels}级区域", error="region_level_mismatch",
                           errors={"region_code": [f"请选择{levels}级区域"]})
    return insert_unique(Organisation(name=name.strip(), kind=kind, region=region),
                         Conflict("同类机构中已有同名机构", error="organisation_exists"))


def visible_organisation(actor: Actor, org_id: int, permission: str = "organisation.view") -> Organisation:
    """The organisation if the actor may see it; 404 otherwise (ids reveal nothing)."""
    org = db.session.get(Organisation, org_id)
    if org is None or not (actor.is_platform_admin or org_id in actor.organisation_ids()):
        raise NotFound("机构不存在", error="organisation_not_found")
    authorize(actor, permission, organisation_id=org_id)
    return org


def list_organisations(actor: Actor, kind: OrgKind | None = None) -> list[Organisation]:
    query = sa.select(Organisation).order_by(Organisation.id)
    if not actor.is_platform_admin:
        query = query.where(Organisation.id.in_(actor.organisation_ids() or {-1}))
    if kind is not None:
        query = query.where(Organisation.kind == kind)
    return list(db.session.scalars(query))


def random_password() -> str:
    alphabet = string.ascii_letters + string.digits
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(12))
        if any(c.isdigit() for c in candidate) and any(c.isalpha() for c in candidate):
            return candidate


def create_account(org: Organisation, username: str, role: MemberRole, *, real_name: str | None = None,
                   initial_password: str | None = None, initial_hash: str | None = None) -> tuple[User, str]:
    """A password account for an organisation. League accounts start on 000000, like the province
    system's; others get a random initial password shown once. Either way the first sign-in must
    replace it. `initial_hash`, a hash of `initial_password` made once, spares a bulk import one slow
    hash per account."""
    if initial_password is None:
        initial_password = LEAGUE_INITIAL_PASSWORD if org.kind is OrgKind.LEAGUE else random_password()
    elif initial_password != LEAGUE_INITIAL_PASSWORD:
        check_strength(initial_password)
    user = insert_unique(User(username=username.strip(), password_hash=initial_hash or hash_password(initial_password),
                              must_change_password=True, real_name=real_name), username_taken())
    db.session.add(Membership(user=user, organisation=org, role=role))
    db.session.flush()
    return user, initial_password


def username_taken() -> Conflict:
    return Conflict("账号名已被使用", error="username_taken", errors={"username": ["账号名已被使用"]})


def list_members(org: Organisation) -> list[Membership]:
    return list(db.session.scalars(sa.select(Membership).where(Membership.organisation_id == org.id)
                                   .order_by(Membership.id)))


def bind_account(person: User, username: str, password: str) -> list[Membership]:
    """A staff member signed in with WeChat proves they hold an organisation account; from then on
    their own WeChat identity acts for that organisation (and receives its notifications)."""
    if not person.has_wechat:
        raise Forbidden("请在微信中登录后再绑定机构账号", error="wechat_login_required")
    account = verify_account(username, password)
    if account.id == person.id:
        raise Conflict("不能绑定当前登录的账号本身", error="bind_self")
    if account.must_change_password:
        raise Conflict("该账号需先修改初始密码后才能绑定", error="password_change_required")
    bound = []
    for grant in sessions.active_memberships(account.id):
        existing = db.session.scalar(sa.select(Membership).where(
            Membership.user_id == person.id, Membership.organisation_id == grant.organisation_id))
        if existing is None:
            existing = Membership(user_id=person.id, organisation_id=grant.organisation_id,
                                  role=grant.role, via_account_id=account.id)
            db.session.add(existing)
        else:
            existing.role, existing.is_active, existing.via_account_id = grant.role, True, account.id
        bound.append(existing)
    if not bound:
        raise Conflict("该账号不属于任何机构", error="account_without_organisation")
    db.session.flush()
    db.session.expire(person, ["memberships"])
    return bound
