"""The 七彩假期 part of the demo city: the zone, the volunteer organisation's completed profile, needs in
each state (one waiting for claims, one with a claim to confirm, one claimed with an activity and both
scores given), an individual's initial need for the league, and a community activity with a sign-up.
Built through the real services, so the demo obeys every rule the API enforces."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.accounts.models import User
from app.accounts.sessions import actor_for
from app.activities import publishing, signups
from app.core.timeutil import SHANGHAI, utcnow
from app.extensions import db
from app.needs import claim_activities, claims, initial_needs, needs, profiles, scoring
from app.needs.models import Zone

NEEDS = [  # (title, content, street code, days from now)
    ("暑期陪伴留守儿童", "每周两次陪伴社区留守儿童完成作业、开展阅读活动", "440106001", 12),
    ("招募志愿服务团队", "为五山街道青少年开展安全教育和科普讲座", "440106001", 20),
    ("社区青少年体育活动", "周末组织篮球、跳绳等体育活动", "440106002", 26),
]


def _user(username: str) -> User:
    return db.session.scalar(sa.select(User).where(User.username == username))


def load_needs_demo(volunteer_ids: list[int]) -> None:
    league, provider = actor_for(_user("th-league")), actor_for(_user("th-volunteers"))
    community = actor_for(_user("hn-community"))
    today = utcnow().astimezone(SHANGHAI).date()
    zone = Zone(name="七彩假期", description="共青团暑期与寒假志愿服务专区", starts_on=today - timedelta(days=30),
                ends_on=today + timedelta(days=90))
    db.session.add(zone)
    db.session.flush()
    profiles.save_profile(provider, provider.grants[0].organisation_id, {
        "registration_no": "51440106MJL000001X", "registered_with": "天河区民政局", "contact_name": "林队长",
        "contact_phone": "13900008888", "service_areas": ["青少年服务", "助学", "社区服务"],
        "introduction": "由高校志愿者组成的青年志愿服务队，常年开展社区青少年服务。"})
    published = []
    for title, content, street, days in NEEDS:
        start = utcnow() + timedelta(days=days)
        published.append(needs.publish_need(league, {
            "title": title, "content": content, "zone_id": zone.id, "region_code": street, "starts_at": start,
            "ends_at": start + timedelta(hours=3), "headcount": 10, "leader_name": "陈书记",
            "leader_mobile": "13800006666", "leader_landline": "020-85550000"}))
    claims.claim_need(provider, published[1].id, "我队有 30 名大学生志愿者，可承担全部讲座")  # 待确认
    done = claims.claim_need(provider, published[0].id, "我队可每周派 6 名志愿者")
    claims.accept_claim(league, done.id)
    start = utcnow() + timedelta(days=12)
    claim_activities.publish_claim_activity(provider, done.id, {
        "title": "暑期陪伴留守儿童", "category_code": "01", "type_code": "02",
        "place": "五山街道青少年之家", "starts_at": start,
        "ends_at": start + timedelta(hours=3), "headcount": 6, "content": "陪伴学习与阅读"})
    scoring.score_claim(league, done.id, 5, "准备充分，服务认真")
    scoring.score_claim(provider, done.id, 4, "对接顺畅")
    initial_needs.post_initial_need(actor_for(db.session.get(User, volunteer_ids[5])), {
        "title": "小区孩子暑期无人照看", "content": "双职工家庭多，希望有志愿者组织托管活动",
        "region_code": "440106001001", "contact_name": "杨丽", "contact_phone": "13900000006"})
    start = utcnow() + timedelta(days=5)
    activity = publishing.publish_community_activity(community, {
        "title": "华农社区环境整治", "category_code": "01", "type_code": "01",
        "place": "华农社区广场", "starts_at": start,
        "ends_at": start + timedelta(hours=2), "headcount": 20, "content": "清理公共区域、宣传垃圾分类"})
    signups.sign_up(actor_for(db.session.get(User, volunteer_ids[0])), activity.id)
