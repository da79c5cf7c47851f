"""Showcase entries (app/community/showcase.py): the form rules per kind, the association's region, photos (public
once attached to an active entry), deactivation, and the public lists by kind and region with keyset pages."""
from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from PIL import Image

from app.accounts.models import Organisation, OrgKind, Region, RegionLevel
from app.community import showcase, showcase_queries
from app.community.models import ShowcaseEntry, ShowcaseKind
from app.core.errors import InvalidInput, NotFound
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.uploads.models import Upload
from app.uploads.services import can_read, store_upload
from tests.community.factories_showcase import actor, make_member, star_world
from tests.factories import make_account, make_org, make_user

LAWYER = {"region_code": "440100", "name": "陈律师", "profession": "律师", "affiliation": "市律师协会",
          "introduction": "擅长婚姻家事、劳动争议", "contact": "市律师协会 020-83334444"}
TEAM = {"region_code": "440106001", "name": "五山助老服务队", "introduction": "每周上门探访独居老人",
        "contact": "五山街道党群服务中心"}
BASE = {"region_code": "440106001001", "name": "华农社区党群服务站", "introduction": "社区志愿服务阵地",
        "address": "五山路 483 号"}


@pytest.fixture
def world(app_ctx):
    world = star_world()
    world["manager"] = actor(world["association_admin"])
    return world


def photo(owner_id: int) -> int:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, "PNG")
    with unit_of_work():
        return store_upload(owner_id, buffer.getvalue()).id


def create(world, kind: ShowcaseKind, values: dict) -> int:
    with unit_of_work():
        return showcase.create_entry(world["manager"], kind, values).id


def refused(call) -> dict:
    with pytest.raises(InvalidInput) as caught, unit_of_work():
        call()
    return caught.value.errors


def test_each_kind_keeps_its_own_fields(world):
    photos = [photo(world["association_admin"]) for _ in range(2)]
    lawyer = create(world, ShowcaseKind.PROFESSIONAL, LAWYER | {"photo_upload_ids": photos, "sort_order": 3})
    team = create(world, ShowcaseKind.TEAM, TEAM | {"organisation_id": world["provider"]})
    base = create(world, ShowcaseKind.BASE, BASE)

    detail = showcase_queries.entry_detail(lawyer)
    assert (detail["kind_label"], detail["name"], detail["profession"], detail["affiliation"], detail["sort_order"],
            detail["photo_upload_ids"], detail["region"]) == (
        "专业志愿者", "陈律师", "律师", "市律师协会", 3, photos, {"code": "440100", "name": "广州市"})
    assert "user_id" not in detail and "is_active" not in detail
    assert showcase_queries.entry_detail(team)["organisation"] == {"id": world["provider"], "name": "天河志愿服务队"}
    assert showcase_queries.entry_detail(base)["address"] == "五山路 483 号"


def test_the_form_is_checked_as_a_whole(world):
    manager = world["manager"]
    errors = refused(lambda: showcase.create_entry(manager, ShowcaseKind.PROFESSIONAL, {
        "region_code": "999999", "name": " ", "introduction": "", "address": "家庭住址", "contact": "138 1234 5678",
        "organisation_id": world["provider"], "sort_order": 10000}))
    assert errors == {"region_code": ["区域不存在"], "name": ["该字段为必填项"], "introduction": ["该字段为必填项"],
                      "profession": ["该字段为必填项"], "affiliation": ["该字段为必填项"],
                      "address": ["专业志愿者不展示地址"],
                      "contact": ["公开联系方式不能是个人手机号，请填写办公电话、邮箱或地址"],
                      "organisation_id": ["只有志愿者团队可关联机构"], "sort_order": ["排序应在 0 到 9999 之间"]}
    errors = refused(lambda: showcase.create_entry(manager, ShowcaseKind.BASE, TEAM | {
        "profession": "律师", "user_id": world["association_admin"], "contact": "联系人电话+86-139-0000-1111"}))
    assert errors == {"address": ["该字段为必填项"], "profession": ["只有专业志愿者填写专业"],
                      "user_id": ["只有专业志愿者可关联用户"],
                      "contact": ["公开联系方式不能是个人手机号，请填写办公电话、邮箱或地址"]}
    assert refused(lambda: showcase.create_entry(manager, ShowcaseKind.TEAM, TEAM | {
        "organisation_id": world["league"]})) == {"organisation_id": ["须为本协会范围内正常状态的社区或志愿服务组织"]}
    assert refused(lambda: showcase.create_entry(manager, ShowcaseKind.PROFESSIONAL, LAWYER | {
        "user_id": 99999})) == {"user_id": ["用户不存在或已停用"]}
    assert refused(lambda: showcase.create_entry(manager, ShowcaseKind.PROFESSIONAL, LAWYER | {
        "name": "长" * 101})) == {"name": ["长度不能超过 100"]}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ShowcaseEntry)) == 0
    # An office line, an e-mail and an ID-like digit run are not mobiles.
    create(world, ShowcaseKind.PROFESSIONAL, LAWYER | {"contact": "0516-83801234 / lawyers@example.org"})


def test_photos_are_the_managers_own_uploads_at_most_nine(world):
    stranger = make_user(mp_openid="o-stranger")
    assert refused(lambda: showcase.create_entry(world["manager"], ShowcaseKind.BASE, BASE | {
        "photo_upload_ids": [photo(stranger)]})) == {"photo_upload_ids": {0: ["图片不存在或已被删除"]}}
    ten = [photo(world["association_admin"]) for _ in range(10)]
    assert refused(lambda: showcase.create_entry(world["manager"], ShowcaseKind.BASE, BASE | {
        "photo_upload_ids": ten})) == {"photo_upload_ids": ["最多上传 9 张图片"]}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ShowcaseEntry)) == 0


def test_photos_are_public_while_the_entry_is_active(world):
    kept, dropped = photo(world["association_admin"]), photo(world["association_admin"])
    entry = create(world, ShowcaseKind.BASE, BASE | {"photo_upload_ids": [kept, dropped]})
    reader = actor(make_user(mp_openid="o-reader"))
    assert can_read(reader, db.session.get(Upload, kept))

    with unit_of_work():
        showcase.update_entry(world["manager"], entry, {"photo_upload_ids": [kept]})
    assert showcase_queries.entry_detail(entry)["photo_upload_ids"] == [kept]
    db.session.expire_all()
    assert not can_read(reader, db.session.get(Upload, dropped))  # detached: its owner's alone again

    with unit_of_work():
        showcase.set_active(world["manager"], entry, False)
    db.session.expire_all()
    assert not can_read(reader, db.session.get(Upload, kept))
    other_manager = actor(make_account(world["association"], "as-staff-2"))
    assert can_read(other_manager, db.session.get(Upload, kept))  # the managing association still sees it
    with pytest.raises(NotFound):
        showcase_queries.entry_detail(entry)


def test_an_update_changes_only_the_fields_given_and_keeps_the_rules(world):
    photos = [photo(world["association_admin"])]
    entry = create(world, ShowcaseKind.PROFESSIONAL, LAWYER | {"photo_upload_ids": photos})
    with unit_of_work():
        showcase.update_entry(world["manager"], entry, {"introduction": "新的简介", "sort_order": 7})
    detail = showcase_queries.entry_detail(entry)
    assert (detail["introduction"], detail["sort_order"], detail["name"], detail["photo_upload_ids"]) == (
        "新的简介", 7, "陈律师", photos)
    assert refused(lambda: showcase.update_entry(world["manager"], entry, {"profession": None})) == {
        "profession": ["该字段为必填项"]}
    assert showcase_queries.entry_detail(entry)["profession"] == "律师"


def test_an_association_manages_only_entries_inside_its_region(world):
    with unit_of_work():
        db.session.add(Region(code="320300", name="徐州市", level=RegionLevel.CITY, path="/320300/"))
    xuzhou = make_org(OrgKind.ASSOCIATION, "320300", "徐州市志愿者协会")
    other = actor(make_account(xuzhou, "xz-admin"))
    entry = create(world, ShowcaseKind.BASE, BASE)

    with pytest.raises(NotFound) as caught:
        showcase.update_entry(other, entry, {"name": "改名"})
    assert caught.value.error == "showcase_entry_not_found"
    with pytest.raises(NotFound):
        showcase.set_active(other, entry, False)
    db.session.rollback()
    assert refused(lambda: showcase.create_entry(other, ShowcaseKind.BASE, BASE)) == {
        "region_code": ["区域须在本协会范围内"]}
    assert refused(lambda: showcase.create_entry(other, ShowcaseKind.TEAM, TEAM | {
        "region_code": "320300", "organisation_id": world["provider"]})) == {
        "organisation_id": ["须为本协会范围内正常状态的社区或志愿服务组织"]}
    assert showcase_queries.managed_entries(other)["items"] == []
    assert [i["id"] for i in showcase_queries.managed_entries(world["manager"])["items"]] == [entry]


def test_public_lists_filter_by_kind_and_region_and_page_by_sort_order(world):
    ids = [create(world, ShowcaseKind.TEAM, TEAM | {"name": f"队{i}", "sort_order": order,
                                                    "region_code": "440106001" if i % 2 else "440104"})
           for i, order in enumerate([5, 1, 5, 0, 2])]
    create(world, ShowcaseKind.BASE, BASE)
    hidden = create(world, ShowcaseKind.TEAM, TEAM | {"sort_order": 0})
    with unit_of_work():
        showcase.set_active(world["manager"], hidden, False)

    by_order = [ids[3], ids[1], ids[4], ids[0], ids[2]]  # sort order, then id
    seen, cursor = [], None
    while True:
        page = showcase_queries.list_entries(ShowcaseKind.TEAM, cursor=cursor, limit=2)
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == by_order
    tianhe = showcase_queries.list_entries(ShowcaseKind.TEAM, "440106")["items"]
    assert [i["id"] for i in tianhe] == [ids[3], ids[1]]  # inside 天河 only, by sort order
    assert {i["kind"] for i in showcase_queries.list_entries()["items"]} == {"team", "base"}
    assert len(showcase_queries.list_entries()["items"]) == 6
    managed = showcase_queries.managed_entries(world["manager"], ShowcaseKind.TEAM, active=False)["items"]
    assert [(i["id"], i["is_active"]) for i in managed] == [(hidden, False)]
    with pytest.raises(InvalidInput):
        showcase_queries.list_entries(cursor="x-1")
    with pytest.raises(InvalidInput):
        showcase_queries.list_entries(region="999999")


def test_a_linked_organisation_must_be_active(world):
    member = make_member(world, "华农", "张三")
    with unit_of_work():
        db.session.get(Organisation, world["茶山"]).is_active = False
    assert refused(lambda: showcase.create_entry(world["manager"], ShowcaseKind.TEAM, TEAM | {
        "organisation_id": world["茶山"]})) == {"organisation_id": ["须为本协会范围内正常状态的社区或志愿服务组织"]}
    entry = create(world, ShowcaseKind.PROFESSIONAL, LAWYER | {"user_id": member})
    assert showcase_queries.managed_entry_detail(world["manager"], entry)["user_id"] == member
