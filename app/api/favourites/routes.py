"""我的收藏（需求、组织）"""
from __future__ import annotations

from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.favourites.schemas import FavouriteCreateSchema, FavouriteSchema, FavouritesPageSchema, FavouritesQuery
from app.api.security import current_actor, signed_in
from app.core.unit_of_work import unit_of_work
from app.needs import favourites
from app.needs.models import FavouriteKind

blp = Blueprint("favourites", __name__, description="我的收藏（需求、组织）")
TARGET = "<any(need, organisation):kind>/<int(max=2147483647):target_id>"


@blp.route("/me/favourites")
class MyFavourites(MethodView):
    @signed_in
    @blp.arguments(FavouritesQuery, location="query")
    @blp.response(200, FavouritesPageSchema)
    def get(self, args):
        """我的收藏（最新在前，可按类型筛选，用 before_id 翻页）"""
        items = favourites.list_favourites(current_actor().user_id, args["kind"], before_id=args["before_id"],
                                           limit=args["limit"])
        return {"items": items, "next_before_id": items[-1].id if len(items) == args["limit"] else None}

    @signed_in
    @blp.arguments(FavouriteCreateSchema)
    @blp.response(201, FavouriteSchema, description="新收藏")
    @blp.alt_response(200, schema=FavouriteSchema, description="已收藏过：返回原有的收藏（不重复添加）")
    @blp.alt_response(404, description="需求不存在或已撤回 / 组织不存在")
    @blp.errors(404, "need_not_found", "organisation_not_found")
    def post(self, body):
        """收藏需求或组织（重复收藏返回 200 和原有收藏）"""
        with unit_of_work():
            favourite, created = favourites.add_favourite(current_actor().user_id, body["kind"], body["target_id"])
        return favourite, 201 if created else 200


@blp.route(f"/me/favourites/{TARGET}")
class MyFavourite(MethodView):
    @signed_in
    @blp.response(204)
    @blp.alt_response(404, description="未收藏该内容")
    @blp.errors(404, "favourite_not_found")
    def delete(self, kind, target_id):
        """取消收藏"""
        with unit_of_work():
            favourites.remove_favourite(current_actor().user_id, FavouriteKind(kind), target_id)
