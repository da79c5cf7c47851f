"""The organisation directory (机构管理, 平台管理员): every organisation, filtered and paged."""
from __future__ import annotations

from flask.views import MethodView
from marshmallow import fields, validate

from app.accounts.models import OrgKind
from app.accounts.org_directory import browse_organisations
from app.api.blueprint import Blueprint
from app.api.common_schemas import OrganisationSchema
from app.api.security import requires
from app.api.validation import InputSchema, OutputSchema

blp = Blueprint("org_directory", __name__, description="机构管理（平台管理员）")


class DirectoryQuery(InputSchema):
    kind = fields.Enum(OrgKind, by_value=True, load_default=None)
    region_code = fields.String(load_default=None, validate=validate.Regexp(r"^\d{6,12}$", error="区域代码格式有误"),
                                metadata={"description": "所属区域代码：该区域及其下级区域的机构"})
    name = fields.String(load_default=None, validate=validate.Length(max=100), metadata={"description": "名称（包含）"})
    is_active = fields.Boolean(load_default=None)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class DirectoryRowSchema(OrganisationSchema):
    created_at = fields.DateTime()
    account_count = fields.Integer(metadata={"description": "机构账号数（不含绑定微信的工作人员）"})


class DirectoryPageSchema(OutputSchema):
    items = fields.List(fields.Nested(DirectoryRowSchema))
    total = fields.Integer()
    page = fields.Integer()
    page_size = fields.Integer()


@blp.route("")
class OrganisationDirectory(MethodView):
    @requires("organisation.directory")
    @blp.arguments(DirectoryQuery, location="query")
    @blp.response(200, DirectoryPageSchema)
    def get(self, args):
        """全部机构（按类型、区域、名称筛选，分页）；机构账号见 /organisations/{org_id}/accounts"""
        found, total = browse_organisations(kind=args["kind"], region_code=args["region_code"], name=args["name"],
                                            active=args["is_active"], page=args["page"], page_size=args["page_size"])
        items = [{"id": row["organisation"].id, "name": row["organisation"].name, "kind": row["organisation"].kind,
                  "region": row["organisation"].region, "is_active": row["organisation"].is_active,
                  "created_at": row["organisation"].created_at, "account_count": row["account_count"]}
                 for row in found]
        return {"items": items, "total": total, "page": args["page"], "page_size": args["page_size"]}
