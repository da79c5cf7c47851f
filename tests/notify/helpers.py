"""A small world for notification tests: a station, its staff, volunteers with WeChat identities."""
from __future__ import annotations

from app.accounts.models import MemberRole, OrgKind, User
from app.accounts.regions import get_region
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.notify.quotas import record_client_results
from app.notify.templates import mp_templates_by_shape
from tests.factories import load_regions, make_account, make_org, make_user

TODO = mp_templates_by_shape()["todo"]
REMINDER = mp_templates_by_shape()["service_reminder"]


def world(fake_wechat) -> dict:
    load_regions()
    station = make_org(OrgKind.STATION, "440106001", "五山街道社工站")
    staff = make_account(station, "ws-staff", MemberRole.STAFF)
    other_station = make_org(OrgKind.STATION, "440104001", "北京街道社工站")
    other_staff = make_account(other_station, "bj-staff", MemberRole.STAFF)
    with unit_of_work():
        # Staff follow the official account; give them WeChat identities as the push callback would.
        db.session.get(User, staff).oa_openid = fake_wechat.follow("ws-staff")
        db.session.get(User, staff).mp_openid = fake_wechat.mp_openid("ws-staff")
    community = get_region("440106001001").id
    volunteers = [make_user(mp_openid=fake_wechat.mp_openid(f"vol{i}"), service_community_id=community)
                  for i in range(3)]
    return {"station": station, "staff": staff, "other_staff": other_staff, "volunteers": volunteers,
            "street_path": get_region("440106001").path, "district_path": get_region("440106").path}


def grant(user_id: int, template_id: str, times: int = 1) -> None:
    with unit_of_work():
        for _ in range(times):
            record_client_results(user_id, {template_id: "accept"})
