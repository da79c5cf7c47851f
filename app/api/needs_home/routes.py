"""供需平台首页数据（截止至昨日）"""
from __future__ import annotations

from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.needs_home.schemas import FiguresQuery, FiguresSchema
from app.api.security import public
from app.needs.snapshots import home_figures

blp = Blueprint("needs_home", __name__, description="供需平台首页数据（需求数、认领数，截止至昨日）")


@blp.route("/figures")
class HomeFigures(MethodView):
    @public
    @blp.arguments(FiguresQuery, location="query")
    @blp.response(200, FiguresSchema)
    def get(self, args):
        """首页数据：需求数与认领数（默认截止至昨日；可查历史某日），及各专区合计；该日没有统计数据时各数为 null"""
        return home_figures(args["day"])
