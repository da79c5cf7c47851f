"""The region tree for pickers (区域选择)."""
from __future__ import annotations

from flask.views import MethodView
from marshmallow import fields, validate

from app.accounts import regions
from app.accounts.models import RegionLevel
from app.api.blueprint import Blueprint
from app.api.common_schemas import RegionBriefSchema
from app.api.security import public
from app.api.validation import InputSchema
from app.core.errors import NotFound

blp = Blueprint("regions", __name__, description="区域")


class RegionQuery(InputSchema):
    parent_code = fields.String(load_default=None, validate=validate.Regexp(r"^\d{6,12}$", error="区域代码格式有误"),
                                metadata={"description": "上级区域代码；不填则返回顶级（市）"})
    level = fields.Enum(RegionLevel, by_value=True, load_default=None)


class RegionSchema(RegionBriefSchema):
    """A region of the picker: the brief, parent_code included."""


@blp.route("")
class RegionList(MethodView):
    @public
    @blp.arguments(RegionQuery, location="query")
    @blp.response(200, RegionSchema(many=True))
    @blp.errors(404, "region_not_found")
    def get(self, args):
        """区域列表：某区域的下级，或按级别筛选"""
        return regions.list_regions(args["parent_code"], args["level"])


@blp.route("/<string:code>")
class RegionDetail(MethodView):
    @public
    @blp.response(200, RegionSchema)
    @blp.errors(404, "region_not_found")
    def get(self, code):
        """区域详情"""
        if not (code.isascii() and code.isdigit() and len(code) <= 20):
            raise NotFound("区域不存在", error="region_not_found")  # never hand odd bytes to the database
        return regions.get_region(code, active_only=False)  # old records still name it
