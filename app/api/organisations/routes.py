"""Organisations and their password accounts."""
from __future__ import annotations

from flask.views import MethodView

from app.accounts import organisations
from app.api.blueprint import Blueprint
from app.api.common_schemas import OrganisationSchema
from app.api.organisations.schemas import (
    AccountCreatedSchema,
    AccountCreateSchema,
    MemberSchema,
    OrganisationCreateSchema,
    OrganisationQuery,
)
from app.api.security import current_actor, requires, signed_in
from app.core.unit_of_work import unit_of_work

blp = Blueprint("organisations", __name__, description="机构与机构账号")
ID = "<int(max=2147483647):org_id>"


@blp.route("")
class OrganisationList(MethodView):
    @signed_in
    @blp.arguments(OrganisationQuery, location="query")
    @blp.response(200, OrganisationSchema(many=True))
    def get(self, args):
        """机构列表：平台管理员看全部，其他人看自己所属的机构"""
        return organisations.list_organisations(current_actor(), args["kind"])

    @requires("organisation.create")
    @blp.arguments(OrganisationCreateSchema)
    @blp.response(201, OrganisationSchema)
    @blp.errors(404, "region_not_found")
    @blp.errors(409, "organisation_exists")
    @blp.errors(422, "region_level_mismatch")
    def post(self, body):
        """新建机构（平台管理员）"""
        with unit_of_work():
            return organisations.create_organisation(body["name"], body["kind"], body["region_code"])


@blp.route(f"/{ID}")
class OrganisationDetail(MethodView):
    @requires("organisation.view")
    @blp.response(200, OrganisationSchema)
    @blp.errors(404, "organisation_not_found")
    def get(self, org_id):
        """机构详情（本机构成员或平台管理员）"""
        return organisations.visible_organisation(current_actor(), org_id)


@blp.route(f"/{ID}/accounts")
class OrganisationAccounts(MethodView):
    @requires("organisation.manage_accounts")
    @blp.response(200, MemberSchema(many=True))
    @blp.errors(404, "organisation_not_found")
    def get(self, org_id):
        """机构成员与账号列表（机构管理员）"""
        org = organisations.visible_organisation(current_actor(), org_id, "organisation.manage_accounts")
        return organisations.list_members(org)

    @requires("organisation.manage_accounts")
    @blp.arguments(AccountCreateSchema)
    @blp.response(201, AccountCreatedSchema)
    @blp.errors(404, "organisation_not_found")
    @blp.errors(409, "username_taken")
    def post(self, body, org_id):
        """新建机构账号（初始密码仅显示一次，首次登录须修改）"""
        with unit_of_work():
            org = organisations.visible_organisation(current_actor(), org_id, "organisation.manage_accounts")
            user, password = organisations.create_account(org, body["username"], body["role"],
                                                          real_name=body["real_name"],
                                                          initial_password=body["initial_password"])
            return {"user_id": user.id, "username": user.username, "initial_password": password}
