"""Pick-lists for forms, and the association's maintenance of 服务项目 / 服务类型."""
from __future__ import annotations

from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.catalogues.schemas import (
    CatalogueEntryCreateSchema,
    CatalogueEntrySchema,
    CatalogueEntryUpdateSchema,
    ManagedCatalogueEntrySchema,
)
from app.api.security import public, requires
from app.catalogue import services
from app.catalogue.models import CatalogueKind
from app.core.errors import NotFound
from app.core.unit_of_work import unit_of_work

blp = Blueprint("catalogues", __name__, description="字典（服务项目、服务类型等）")
CODE = "<string(maxlength=30):code>"


def _kind(kind: str) -> CatalogueKind:
    try:
        return CatalogueKind(kind)
    except ValueError as exc:
        raise NotFound("字典类别不存在", error="catalogue_not_found") from exc


@blp.route("/<string:kind>")
class Catalogue(MethodView):
    @public
    @blp.response(200, CatalogueEntrySchema(many=True))
    @blp.errors(404, "catalogue_not_found")
    def get(self, kind):
        """字典项列表：service_item 服务项目 / service_type 服务类型 / beneficiary_category 服务对象类别 /
        political_status 政治面貌 / self_care_level 自理能力等级 / living_status 居住状态 /
        activity_category 活动类别 / activity_type 活动类型"""
        return services.list_entries(_kind(kind))

    @requires("catalogue.manage")
    @blp.arguments(CatalogueEntryCreateSchema)
    @blp.response(201, ManagedCatalogueEntrySchema)
    @blp.alt_response(409, description="编码或名称已被使用")
    @blp.errors(403, "catalogue_not_manageable")
    @blp.errors(404, "catalogue_not_found")
    @blp.errors(409, "catalogue_code_taken", "catalogue_name_taken")
    def post(self, body, kind):
        """新增服务项目或服务类型（市志愿者协会）"""
        with unit_of_work():
            return services.create_entry(_kind(kind), **body)


@blp.route("/<string:kind>/all")
class CatalogueAll(MethodView):
    @requires("catalogue.manage")
    @blp.response(200, ManagedCatalogueEntrySchema(many=True))
    @blp.errors(403, "catalogue_not_manageable")
    @blp.errors(404, "catalogue_not_found")
    def get(self, kind):
        """字典维护列表：含已停用的服务项目或服务类型（市志愿者协会）"""
        return services.list_all_entries(_kind(kind))


@blp.route(f"/<string:kind>/{CODE}")
class CatalogueEntryView(MethodView):
    @requires("catalogue.manage")
    @blp.arguments(CatalogueEntryUpdateSchema)
    @blp.response(200, ManagedCatalogueEntrySchema)
    @blp.alt_response(409, description="名称已被使用")
    @blp.errors(403, "catalogue_not_manageable")
    @blp.errors(404, "catalogue_entry_not_found", "catalogue_not_found")
    @blp.errors(409, "catalogue_name_taken")
    def patch(self, body, kind, code):
        """修改、停用或重新启用服务项目或服务类型（市志愿者协会）；停用后已有订单仍显示"""
        with unit_of_work():
            return services.update_entry(_kind(kind), code, **body)
