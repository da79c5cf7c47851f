"""The community part of the demo city (徐州-style community volunteering, on the Guangzhou demo regions):
the twelve demo volunteers joined 华农社区 through real applications (one more waiting for review), the
association's showcase (a lawyer, a volunteer team, a service base) and last quarter's stars. Built through
the real services, so the demo obeys every rule the API enforces."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa

from app.accounts.models import Organisation, OrgKind, User
from app.accounts.sessions import actor_for
from app.activities import attendance, feedback, publishing, signups, sweeps
from app.activities.models import Activity, ActivitySignup
from app.community import help_requests, membership, quarters, reports, showcase, stars
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
    _held_activity(community_staff, volunteers[:3])
    _reports(community_staff, volunteers)
    _help_requests(community_staff, community_id, volunteers)
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


def _held_activity(staff, volunteers: list[User]) -> None:
    """Published, signed up to, then moved a week back (as if it had happened), ended by the sweep and
    confirmed: two served two hours each, one did not come."""
    start = utcnow() + timedelta(days=3)
    activity = publishing.publish_community_activity(staff, {
        "title": "重阳节探访社区长者", "category_code": "01", "type_code": "01",
        "place": "华农社区长者饭堂", "starts_at": start,
        "ends_at": start + timedelta(hours=2), "headcount": 10, "content": "为社区高龄长者送上重阳糕并陪伴聊天"})
    for volunteer in volunteers:
        signups.sign_up(actor_for(volunteer), activity.id)
    shift = timedelta(days=10)
    held = [db.session.get(Activity, activity.id), *db.session.scalars(
        sa.select(ActivitySignup).where(ActivitySignup.activity_id == activity.id))]
    for row in held:
        row.starts_at, row.ends_at = row.starts_at - shift, row.ends_at - shift
    db.session.flush()
    sweeps.end_finished_activities(utcnow())
    attendance.confirm_attendance(staff, activity.id, [
        {"volunteer_id": v.id, "attended": index < 2, "hours": Decimal(2) if index < 2 else Decimal(0)}
        for index, v in enumerate(volunteers)])
    feedback.write_feedback(staff, activity.id, "探访长者 12 位，送出重阳糕 30 份，长者们精神很好。", [])


def _reports(staff, volunteers: list[User]) -> None:
    published = reports.submit_report(actor_for(volunteers[0]), {
        "kind": "experience", "title": "重阳探访有感", "content": "陪梁伯聊了一个下午，他讲起年轻时在码头工作的故事。"})
    reports.approve_report(staff, published.id, publish_now=True)
    reports.submit_report(actor_for(volunteers[1]), {
        "kind": "plan", "title": "下月垃圾分类宣传计划", "content": "每周六上午在社区广场设点宣传，需要志愿者 4 名。"})


def _help_requests(staff, community_id: int, volunteers: list[User]) -> None:
    requester = actor_for(volunteers[-1])
    wanted = utcnow() + timedelta(days=2)
    served = help_requests.submit_help_request(requester, {
        "community_id": community_id, "title": "独居老人家中水龙头漏水", "content": "老人行动不便，需要帮忙更换水龙头",
        "place": "华农社区 12 栋 302", "wanted_at": wanted, "contact_name": "马晓燕", "contact_phone": "13900000012"})
    help_requests.assign_volunteers(staff, served.id, [volunteers[3].id])
    help_requests.report_result(actor_for(volunteers[3]), served.id, "已上门更换水龙头，老人表示满意")
    help_requests.close_help_request(staff, served.id, "志愿者上门更换了水龙头，问题已解决",
                                     [{"volunteer_id": volunteers[3].id, "hours": Decimal("1.5")}])
    help_requests.submit_help_request(requester, {
        "community_id": community_id, "title": "希望有人陪伴老人就医", "content": "下周三上午到区人民医院复诊",
        "place": "华农社区 12 栋", "wanted_at": wanted + timedelta(days=3), "contact_name": "马晓燕",
        "contact_phone": "13900000012"})
