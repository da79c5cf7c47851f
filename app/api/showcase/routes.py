"""首页展示（团队之星、个人之星、专业志愿者、志愿者团队、服务基地）"""
from __future__ import annotations

from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.common_schemas import CommunityEventSchema
from app.api.security import current_actor, public, requires
from app.api.showcase.schemas import (
    EntryChangeSchema,
    EntryCreateSchema,
    EntryListQuery,
    EntryPageSchema,
    EntrySchema,
    ManagedEntryListQuery,
    ManagedEntryPageSchema,
    ManagedEntrySchema,
    ManagedStarQuery,
    ManagedStarSchema,
    RegionStarsSchema,
    StarOverrideSchema,
    StarQuery,
)
from app.community import event_queries, showcase, showcase_queries, star_queries, stars
from app.community.models import StarKind
from app.core.unit_of_work import unit_of_work

blp = Blueprint("showcase", __name__, description="首页展示（团队之星、个人之星、专业志愿者、志愿者团队、服务基地）")
ENTRY_ID = "<int(max=2147483647):entry_id>"
STAR = "<string(length=6):quarter>/<string(minlength=6,maxlength=12):region_code>/<any(team, volunteer):kind>"


@blp.route("/stars")
class Stars(MethodView):
    @public
    @blp.arguments(StarQuery, location="query")
    @blp.response(200, RegionStarsSchema)
    @blp.alt_response(404, response="DEFAULT_ERROR", description="区域不存在")
    @blp.errors(404, "region_not_found")
    def get(self, args):
        """团队之星、个人之星（某区域最近一个已评出的季度，或指定季度；志愿者姓名脱敏）"""
        return star_queries.public_stars(args["region"], args["quarter"])


@blp.route("/manage/stars")
class ManagedStars(MethodView):
    @requires("showcase.manage")
    @blp.arguments(ManagedStarQuery, location="query")
    @blp.response(200, ManagedStarSchema(many=True))
    def get(self, args):
        """之星管理：本协会范围内某季度的全部之星（含调整标记）"""
        return star_queries.managed_stars(current_actor(), args["quarter"], args["region"])


@blp.route(f"/stars/{STAR}")
class StarOverride(MethodView):
    @requires("showcase.manage")
    @blp.arguments(StarOverrideSchema)
    @blp.response(200, ManagedStarSchema)
    @blp.alt_response(422, response="DEFAULT_ERROR", description="季度未结束 / 人选不符合条件 / 未填推荐理由")
    @blp.errors(404, "region_not_found")
    def put(self, body, quarter, region_code, kind):
        """调整之星（协会，本区域、已结束的季度）：指定志愿者或组织并填写推荐理由，此后自动评选不再覆盖"""
        actor = current_actor()
        with unit_of_work():
            stars.override_star(actor, quarter, region_code, StarKind(kind), citation=body["citation"],
                                user_id=body["user_id"], organisation_id=body["organisation_id"])
        return _one_star(actor, quarter, region_code, kind)

    @requires("showcase.manage")
    @blp.response(204)
    @blp.alt_response(404, response="DEFAULT_ERROR", description="区域不存在或该之星没有人工调整")
    @blp.errors(404, "star_override_not_found")
    @blp.errors(404, "region_not_found")
    def delete(self, quarter, region_code, kind):
        """撤销调整：该之星恢复为自动评选结果（立即重新计算）"""
        with unit_of_work():
            stars.clear_override(current_actor(), quarter, region_code, StarKind(kind))


@blp.route(f"/stars/{STAR}/events")
class StarEvents(MethodView):
    @requires("showcase.manage")
    @blp.response(200, CommunityEventSchema(many=True))
    @blp.alt_response(404, response="DEFAULT_ERROR", description="区域不存在或该季度、区域没有这类之星")
    @blp.errors(404, "region_not_found", "star_not_found")
    def get(self, quarter, region_code, kind):
        """之星的调整记录（协会，本区域）：人工调整与撤销调整，谁、何时、推荐理由"""
        return event_queries.star_events(current_actor(), quarter, region_code, StarKind(kind))


def _one_star(actor, quarter: str, region_code: str, kind: str) -> dict:
    return next(star for star in star_queries.managed_stars(actor, quarter, region_code)
                if star["region"]["code"] == region_code and star["kind"] == kind)


@blp.route("/entries")
class Entries(MethodView):
    @public
    @blp.arguments(EntryListQuery, location="query")
    @blp.response(200, EntryPageSchema)
    def get(self, args):
        """专业志愿者、志愿者团队、服务基地（按类型、区域筛选；按排序显示，用 cursor 翻页）"""
        return showcase_queries.list_entries(args["kind"], args["region"], cursor=args["cursor"], limit=args["limit"])

    @requires("showcase.manage")
    @blp.arguments(EntryCreateSchema)
    @blp.response(201, ManagedEntrySchema)
    @blp.alt_response(422, response="DEFAULT_ERROR", description="表单有误（逐项说明）")
    def post(self, body):
        """新增展示（协会，本区域内）：专业志愿者、志愿者团队或服务基地"""
        actor = current_actor()
        kind = body.pop("kind")
        with unit_of_work():
            entry_id = showcase.create_entry(actor, kind, body).id
        return showcase_queries.managed_entry_detail(actor, entry_id)


@blp.route(f"/entries/{ENTRY_ID}")
class EntryDetail(MethodView):
    @public
    @blp.response(200, EntrySchema)
    @blp.alt_response(404, response="DEFAULT_ERROR", description="不存在或已停用")
    @blp.errors(404, "showcase_entry_not_found")
    def get(self, entry_id):
        """展示详情（含照片）"""
        return showcase_queries.entry_detail(entry_id)

    @requires("showcase.manage")
    @blp.arguments(EntryChangeSchema)
    @blp.response(200, ManagedEntrySchema)
    @blp.alt_response(422, response="DEFAULT_ERROR", description="表单有误（逐项说明）")
    @blp.errors(404, "showcase_entry_not_found")
    def patch(self, body, entry_id):
        """修改展示（协会，本区域内）：只改提交的字段；提交照片列表时替换原有照片"""
        actor = current_actor()
        with unit_of_work():
            showcase.update_entry(actor, entry_id, body)
        return showcase_queries.managed_entry_detail(actor, entry_id)


@blp.route(f"/entries/{ENTRY_ID}/deactivate")
class EntryDeactivate(MethodView):
    @requires("showcase.manage")
    @blp.response(200, ManagedEntrySchema)
    @blp.errors(404, "showcase_entry_not_found")
    def post(self, entry_id):
        """停用展示：不再在首页显示"""
        return _set_active(entry_id, False)


@blp.route(f"/entries/{ENTRY_ID}/activate")
class EntryActivate(MethodView):
    @requires("showcase.manage")
    @blp.response(200, ManagedEntrySchema)
    @blp.errors(404, "showcase_entry_not_found")
    def post(self, entry_id):
        """启用展示"""
        return _set_active(entry_id, True)


def _set_active(entry_id: int, active: bool) -> dict:
    actor = current_actor()
    with unit_of_work():
        showcase.set_active(actor, entry_id, active)
    return showcase_queries.managed_entry_detail(actor, entry_id)


@blp.route("/manage/entries")
class ManagedEntries(MethodView):
    @requires("showcase.manage")
    @blp.arguments(ManagedEntryListQuery, location="query")
    @blp.response(200, ManagedEntryPageSchema)
    def get(self, args):
        """展示管理：本协会范围内的全部展示（含已停用）"""
        return showcase_queries.managed_entries(current_actor(), args["kind"], args["region"], active=args["active"],
                                                cursor=args["cursor"], limit=args["limit"])
