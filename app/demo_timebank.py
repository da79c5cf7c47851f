"""The time bank part of the demo city: beneficiaries of 五山街道 and wish orders in every stage a
social worker meets in a day — waiting for review, open in the feed, in progress, completed with points
credited and a donation. Built through the real services, so the demo obeys every rule the API enforces.

Completed work needs a service in the past, but a new order's deadline must be in the future: the demo
publishes it like any other and then moves its times back, as if the days had passed.
"""
from __future__ import annotations

import io
import uuid
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa
from PIL import Image

from app.accounts.models import User
from app.accounts.sessions import actor_for
from app.core.id_cards import with_check_character
from app.core.timeutil import SHANGHAI, utcnow
from app.extensions import db
from app.timebank import beneficiaries, certification_review, certifications, donations, orders, takes
from app.timebank.models import OrderTake, WishOrder
from app.timebank.sweeps import end_finished_services
from app.uploads.services import store_upload

# (name, male, age, living status code, community)
BENEFICIARIES = [("梁伯", True, 82, "01", "440106001001"), ("何婆婆", False, 78, "01", "440106001001"),
                 ("罗叔", True, 71, "02", "440106001002"), ("邓姨", False, 69, "02", "440106001002")]
ORDERS = [  # (title, days from now, hours long, recruit count)
    ("陪梁伯到医院复诊", 3, 3, 2), ("为何婆婆上门清洁", 4, 2, 3), ("陪罗叔散步聊天", 5, 2, 1),
    ("教邓姨使用智能手机", 6, 2, 2), ("上门理发服务", 7, 1, 1), ("中秋探访长者", 2, 2, 2),
]


def _id_card(birth: date, male: bool, serial: int) -> str:
    return with_check_character(f"440106{birth:%Y%m%d}{serial:02d}{1 if male else 2}")


def _proof(user_id: int) -> int:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 40), "lightgray").save(buffer, "PNG")
    return store_upload(user_id, buffer.getvalue()).id


def _user(username: str) -> User:
    return db.session.scalar(sa.select(User).where(User.username == username))


def load_timebank_demo(volunteer_ids: list[int]) -> None:
    staff, admin, association = _user("ws-staff"), _user("ws-station"), _user("gz-association")
    as_staff, as_admin, as_association = actor_for(staff), actor_for(admin), actor_for(association)
    today = utcnow().astimezone(SHANGHAI).date()
    people = []
    for serial, (name, male, age, living, community) in enumerate(BENEFICIARIES, start=11):
        birth = date(today.year - age, 1, 1)  # full age (周岁) today is exactly `age`
        person = beneficiaries.create_beneficiary(as_staff, {
            "name": name, "phone": f"1380000{serial:04d}", "id_card_number": _id_card(birth, male, serial),
            "gender": "male" if male else "female", "age": age, "category_code": "01", "political_status_code": "01",
            "self_care_level_code": "01", "living_status_code": living, "household_street_code": community[:9],
            "household_address": "天河区五山路", "community_code": community,
            "residential_address": "天河区五山路 8 号", "remarks": None, "proof_upload_ids": [_proof(staff.id)],
            "filler_name": "王社工", "filler_phone": "13900001111"})
        people.append(person)
    for person in people[:-1]:  # the last stays 待审核 for the workbench
        beneficiaries.approve_beneficiary(as_admin, person.id)

    start = utcnow().astimezone(SHANGHAI).replace(hour=9, minute=0, second=0, microsecond=0)
    made = []
    for index, (title, days, hours, recruit) in enumerate(ORDERS):
        starts = start + timedelta(days=days)
        made.append(orders.publish_order(as_staff, {
            "title": title, "need_type": "for_others", "beneficiary_id": people[index % 3].id,
            "service_item_code": "01", "service_type_code": "01", "district_code": "440106",
            "street_code": "440106001", "latitude": 23.16 + index / 1000, "longitude": 113.35 + index / 1000,
            "address": "天河区五山路 8 号", "starts_at": starts, "ends_at": starts + timedelta(hours=hours),
            "take_deadline": starts - timedelta(days=1), "recruit_count": recruit, "taker_notes": "请提前十分钟到达",
            "traffic_guide": "地铁五山站 B 出口步行 5 分钟", "content": title}))
    # made[0] stays 待审核; made[1] waits for the association's final review.
    orders.first_approve_order(as_admin, made[1].id)
    for order in made[2:]:
        orders.first_approve_order(as_admin, order.id)
        orders.final_approve_order(as_association, order.id)  # 待接单: in the volunteers' feed
    volunteers = [actor_for(db.session.get(User, user_id)) for user_id in volunteer_ids[:2]]
    # made[3] and made[5]: taken by two volunteers and approved → 进行中; made[5] then served and certified.
    for order in (made[3], made[5]):
        for volunteer in volunteers:
            take = takes.take_order(volunteer, order.id)
            takes.approve_take(as_staff, take.id)
    _served_and_certified(made[5], as_staff, as_association)
    donations.donate_points(volunteers[0], made[5].id, 1, uuid.UUID(int=1))


def _served_and_certified(order: WishOrder, as_staff, as_association) -> None:
    shift = timedelta(days=4)
    for row in [order, *db.session.scalars(sa.select(OrderTake).where(OrderTake.order_id == order.id))]:
        row.starts_at, row.ends_at = row.starts_at - shift, row.ends_at - shift
    order.take_deadline -= shift
    db.session.flush()
    end_finished_services(utcnow())
    day = order.starts_at.astimezone(SHANGHAI).date()
    approved = certifications.approved_takes(order.id)
    certification = certifications.file_certification(as_staff, order.id, {
        "service_date_start": day, "service_date_end": day,
        "hours": [{"take_id": take_id, "hours": Decimal("2")} for take_id in approved],
        "beneficiary_person_times": 1, "beneficiary_headcount": 1, "volunteer_person_times": len(approved),
        "volunteer_headcount": len(approved), "service_summary": "探访长者，送上月饼并陪伴聊天",
        "effect_summary": "长者精神愉快", "photo_ids": [_proof(as_staff.user_id)],
        "rating_overall": 5, "rating_arrangement": 5,
        "rating_effect": 5, "rating_attitude": 5, "rating_skill": 4, "rating_efficiency": 5})
    certification_review.approve_certification(as_association, certification.id)
