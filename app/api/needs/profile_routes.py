"""组织信息：完善信息（志愿服务组织认领前必填）、组织主页"""
from __future__ import annotations

from flask.views import MethodView

from app.api.needs.routes import blp
from app.api.needs.schemas import (
    OrgDirectoryPageSchema,
    OrgDirectoryQuery,
    OrgPageSchema,
    ProfileSchema,
    ProfileSchemaIn,
)
from app.api.security import current_actor, public, requires
from app.core.unit_of_work import unit_of_work
from app.needs import need_queries, profiles

ORG_ID = "<int(max=2147483647):org_id>"


@blp.route(f"/org-profiles/{ORG_ID}")
class OrgProfile(MethodView):
    @requires("org_profile.manage")
    @blp.response(200, ProfileSchema)
    @blp.errors(404, "organisation_not_found")
    def get(self, org_id):
        """本组织的组织信息"""
        profiles.organisation_of(current_actor(), org_id)
        return need_queries.profile_view(profiles.get_profile(org_id))

    @requires("org_profile.manage")
    @blp.arguments(ProfileSchemaIn)
    @blp.response(200, ProfileSchema)
    @blp.errors(404, "organisation_not_found")
    def put(self, body, org_id):
        """完善组织信息：登记证号、联系人、联系电话、服务领域、组织简介（志愿服务组织全部填写后才能认领）"""
        with unit_of_work():
            return need_queries.profile_view(profiles.save_profile(current_actor(), org_id, body))


@blp.route("/org-pages")
class OrgDirectory(MethodView):
    @public
    @blp.arguments(OrgDirectoryQuery, location="query")
    @blp.response(200, OrgDirectoryPageSchema)
    def get(self, args):
        """志愿服务组织介绍（公开）：已完善资料的志愿服务组织，可按名称、区域筛选"""
        return need_queries.organisation_directory(**args)


@blp.route(f"/org-pages/{ORG_ID}")
class OrgPage(MethodView):
    @public
    @blp.response(200, OrgPageSchema)
    @blp.errors(404, "organisation_not_found")
    def get(self, org_id):
        """组织主页（公开）：简介、认领成功的需求（团组织为其发布的需求）、平均评分"""
        actor = current_actor()
        return need_queries.organisation_page(org_id, actor.user_id if actor is not None else None)
