"""A coherent demo city for the local run: the association, two stations, a community, a league, a
volunteer organisation, their accounts, a dozen volunteers, the catalogues, and time bank beneficiaries and
orders in every stage (app/demo_timebank.py), and 七彩假期 needs, claims and activities (app/demo_needs.py).

Volunteers and WeChat-bound staff use the fake WeChat's deterministic identities, so signing in with
the login code `dev-<name>` from the mini-program simulator lands on the demo person.
"""
from __future__ import annotations

import sqlalchemy as sa

from app.accounts.models import Gender, MemberRole, Membership, OrgKind, User
from app.accounts.organisations import create_account, create_organisation
from app.accounts.passwords import hash_password
from app.accounts.regions import GUANGZHOU_CSV, load_regions_csv
from app.accounts.wechat_login import set_phone
from app.catalogue.services import seed_defaults
from app.extensions import db
from fakewechat.identities import openid_for, unionid_for

DEMO_PASSWORD = "Demo2026"
ADMIN = ("admin", "Admin2026")

# (organisation name, kind, region code, [(username, role, real name)])
ORGANISATIONS = [
    ("广州市志愿者协会", OrgKind.ASSOCIATION, "440100", [("gz-association", MemberRole.ADMIN, "周协会")]),
    ("天河区五山街道社工站", OrgKind.STATION, "440106001",
     [("ws-station", MemberRole.ADMIN, "吴站长"), ("ws-staff", MemberRole.STAFF, "王社工")]),
    ("越秀区北京街道社工站", OrgKind.STATION, "440104001", [("bj-station", MemberRole.ADMIN, "郑站长")]),
    ("五山街道华农社区居委会", OrgKind.COMMUNITY, "440106001001", [("hn-community", MemberRole.ADMIN, "冯主任")]),
    ("共青团广州市天河区委员会", OrgKind.LEAGUE, "440106", [("th-league", MemberRole.ADMIN, "陈书记")]),
    ("天河青年志愿服务队", OrgKind.VOLUNTEER_ORG, "440106", [("th-volunteers", MemberRole.ADMIN, "林队长")]),
]

# Staff who already bound their WeChat identity: sign in with dev-<name>.
WECHAT_STAFF = [("station-wang", "ws-staff"), ("community-feng", "hn-community")]

VOLUNTEERS = [
    ("陈晓明", Gender.MALE, True, "天河区五山街道办事处"), ("李佳怡", Gender.FEMALE, False, "华南农业大学"),
    ("张伟", Gender.MALE, True, "广州市第一中学"), ("刘芳", Gender.FEMALE, False, "天河区人民医院"),
    ("黄志强", Gender.MALE, False, "广州地铁集团"), ("杨丽", Gender.FEMALE, True, "五山街道华农社区"),
    ("赵磊", Gender.MALE, False, "个体经营"), ("周敏", Gender.FEMALE, False, "暨南大学"),
    ("吴俊杰", Gender.MALE, True, "天河区税务局"), ("徐静", Gender.FEMALE, False, "退休"),
    ("孙浩", Gender.MALE, False, "华南理工大学"), ("马晓燕", Gender.FEMALE, True, "天河区教育局"),
]


def load_demo(mp_appid: str) -> bool:
    """Load the demo city once; returns False when it is already there."""
    load_regions_csv(GUANGZHOU_CSV)
    seed_defaults()
    if db.session.scalar(sa.select(User).where(User.username == ADMIN[0])) is not None:
        return False
    db.session.add(User(username=ADMIN[0], password_hash=hash_password(ADMIN[1]), real_name="平台管理员",
                        is_platform_admin=True))
    accounts: dict[str, User] = {}
    for name, kind, region_code, people in ORGANISATIONS:
        org = create_organisation(name, kind, region_code)
        for username, role, real_name in people:
            # League accounts keep 000000 and its forced change, as the province system hands them out.
            password = None if kind is OrgKind.LEAGUE else DEMO_PASSWORD
            user, _ = create_account(org, username, role, real_name=real_name, initial_password=password)
            user.must_change_password = kind is OrgKind.LEAGUE
            accounts[username] = user
    volunteers = []
    for index, (real_name, gender, party, work_unit) in enumerate(VOLUNTEERS, start=1):
        name = f"volunteer{index:02d}"
        volunteer = User(mp_openid=openid_for(mp_appid, name), unionid=unionid_for(name), real_name=real_name,
                         gender=gender, is_party_member=party, work_unit=work_unit)
        set_phone(volunteer, f"1390000{index:04d}")
        db.session.add(volunteer)
        volunteers.append(volunteer)
    for name, username in WECHAT_STAFF:
        account = accounts[username]
        staff = User(mp_openid=openid_for(mp_appid, name), unionid=unionid_for(name), real_name=account.real_name)
        db.session.add(staff)
        for membership in list(account.memberships):
            db.session.add(Membership(user=staff, organisation_id=membership.organisation_id,
                                      role=membership.role, via_account_id=account.id))
    db.session.flush()
    from app.demo_community import load_community_demo

    # First: joining 华农社区 is what makes the volunteers community volunteers (service community set).
    load_community_demo([volunteer.id for volunteer in volunteers])
    from app.demo_timebank import load_timebank_demo

    load_timebank_demo([volunteer.id for volunteer in volunteers])
    from app.demo_needs import load_needs_demo

    load_needs_demo([volunteer.id for volunteer in volunteers])
    return True
