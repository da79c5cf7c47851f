"""Pick-lists for forms."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from app.api.security import public
from app.api.validation import OutputSchema
from app.catalogue.models import CatalogueKind
from app.catalogue.services import list_entries
from app.core.errors import NotFound

blp = Blueprint("catalogues", __name__, description="字典（服务项目、服务类型等）")


class EntrySchema(OutputSchema):
    code = fields.String()
    name = fields.String()


@blp.route("/<string:kind>")
class Catalogue(MethodView):
    @public
    @blp.response(200, EntrySchema(many=True))
    def get(self, kind):
        """字典项列表：service_item 服务项目 / service_type 服务类型 / beneficiary_category 服务对象类别 /
        political_status 政治面貌 / self_care_level 自理能力等级 / living_status 居住状态 /
        activity_category 活动类别"""
        try:
            return list_entries(CatalogueKind(kind))
        except ValueError as exc:
            raise NotFound("字典类别不存在", error="catalogue_not_found") from exc
