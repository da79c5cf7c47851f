"""The community part of the demo city (徐州-style community volunteering, on the Guangzhou demo regions):
the twelve demo volunteers joined 华农社区 through real applications (one more waiting for review), the
association's showcase (a lawyer, a volunteer team, a service base) and last quarter's stars. Built through
the real services, so the demo obeys every rule the API enforces."""
from __future__ import annotations

import sqlalchemy as sa

from app.accounts.models import Organisation, OrgKind, User
from app.accounts.sessions import actor_for
from app.community import membership, quarters, showcase, stars
from app.community.models import ShowcaseKind, StarKind
from app.core.id_cards import with_check_character
from app.core.timeutil import utcnow
from app.extensions import db

SHOWCASE = [
    (ShowcaseKind.PROFESSIONAL, {"name": "陈律师", "profession": "律师", "affiliation": "广州市律师协会",
                                 "introduction": "执业十五年的党员律师，每月两次到社区开展免费法律咨询。",
                                 "region_code": "440106"}),
    (ShowcaseKind.TEAM, {"name": "华农社区党员志愿服务队",
                         "introduction": "由在职党员组成，常年开展助老、环保和社区治理服务。",
                         "contact": "020-85280000（社区居委会）", "region_code": "440106001001"}),
    (ShowcaseKind.BASE, {"name": "五山街道党群服务中心", "address": "天河区五山路 483 号",
                         "introduction": "社区志愿服务阵地，设有活动室、图书角和长者饭堂。",
                         "region_code": "440106001"}),
]


def _user(username: str) -> User:
    return db.session.scalar(sa.select(User).where(User.username == username))


def _id_card(serial: int, male: bool) -> str:
    return with_check_character(f"440106{1970 + serial}0315{serial * 2 + (1 if male else 0):03d}")


def load_community_demo(volunteer_ids: list[int]) -> None:
    community_staff = actor_for(_user("hn-community"))
    community_id = community_staff.grants[0].organisation_id
    volunteers = [db.session.get(User, user_id) for user_id in volunteer_ids]
    # The last volunteer's application still waits for 冯主任.
    for serial, volunteer in enumerate(volunteers, start=1):
        application = membership.apply(actor_for(volunteer), {
            "community_id": community_id, "real_name": volunteer.real_name,
            "id_card_number": _id_card(serial, volunteer.gender.value == "male"),
            "work_unit": volunteer.work_unit, "is_party_member": volunteer.is_party_member})
        db.session.flush()
        if serial < len(volunteers):
            membership.approve(community_staff, application.id)
    association = actor_for(_user("gz-association"))
    for kind, values in SHOWCASE:
        showcase.create_entry(association, kind, values)
    _last_quarter_stars(association, volunteers)


def _last_quarter_stars(association, volunteers: list[User]) -> None:
    """No hours were served last quarter in a fresh demo, so the association names the stars itself."""
    quarter = quarters.previous(quarters.quarter_of(utcnow()))
    party_member = next(v for v in volunteers if v.is_party_member)
    team = db.session.scalar(sa.select(Organisation.id).where(Organisation.kind == OrgKind.COMMUNITY))
    stars.override_star(association, quarter, "440106", StarKind.VOLUNTEER, user_id=party_member.id,
                        citation="坚持每周参加社区助老服务")
    stars.override_star(association, quarter, "440106", StarKind.TEAM, organisation_id=team,
                        citation="季度内组织环保、助老活动十余场")
