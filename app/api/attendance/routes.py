"""活动确认与活动反馈"""
from __future__ import annotations

from flask.views import MethodView

from app.activities import attendance, attendance_queries, feedback
from app.api.attendance.schemas import (
    AttendanceConfirmSchema,
    AttendanceSheetSchema,
    FeedbackFormSchema,
    FeedbackSchema,
)
from app.api.blueprint import Blueprint
from app.api.security import current_actor, public, requires
from app.core.unit_of_work import unit_of_work

blp = Blueprint("attendance", __name__, description="活动确认与活动反馈")
ACTIVITY_ID = "<int(max=2147483647):activity_id>"


@blp.route(f"/activities/{ACTIVITY_ID}/attendance")
class ActivityAttendance(MethodView):
    @requires("activity.confirm_attendance")
    @blp.response(200, AttendanceSheetSchema)
    @blp.errors(404, "activity_not_found")
    def get(self, activity_id):
        """确认名单（发布方：每位报名的志愿者及其确认状态 未确认/已到/未到、时长，手机号已脱敏）"""
        return attendance_queries.attendance_sheet(current_actor(), activity_id)

    @requires("activity.confirm_attendance")
    @blp.arguments(AttendanceConfirmSchema)
    @blp.response(200, AttendanceSheetSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR",
                      description="活动尚未开始 / 活动已取消 / 更正需扣回的积分志愿者已不足（已捐出）")
    @blp.alt_response(422, response="DEFAULT_ERROR",
                      description="名单有误：未报名的志愿者、重复、漏选、时长不合规（逐项说明）")
    @blp.errors(404, "activity_not_found")
    @blp.errors(409, "activity_cancelled", "activity_not_started", "correction_not_covered")
    def put(self, body, activity_id):
        """活动确认（发布方，活动开始后）：提交完整名单，已到者记入服务时长、积分和一次服务；再次提交即更正，
        只记差额（冲正），相同名单重复提交不产生任何变化"""
        actor = current_actor()
        with unit_of_work():
            attendance.confirm_attendance(actor, activity_id, body["items"])
        return attendance_queries.attendance_sheet(actor, activity_id)


@blp.route(f"/activities/{ACTIVITY_ID}/feedback")
class ActivityFeedback(MethodView):
    @public
    @blp.response(200, FeedbackSchema)
    @blp.alt_response(404, response="DEFAULT_ERROR", description="活动不存在或尚无活动反馈")
    @blp.errors(404, "activity_not_found", "feedback_not_found")
    def get(self, activity_id):
        """活动反馈（公开：活动情况与现场图片）"""
        return feedback.public_feedback(activity_id)

    @requires("activity.confirm_attendance")
    @blp.arguments(FeedbackFormSchema)
    @blp.response(200, FeedbackSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description="活动尚未开始 / 活动已取消")
    @blp.alt_response(422, response="DEFAULT_ERROR", description="活动情况未填写或过长 / 图片无效或超过 9 张")
    @blp.errors(404, "activity_not_found")
    @blp.errors(409, "activity_cancelled", "activity_not_started")
    def put(self, body, activity_id):
        """填写或修改活动反馈（发布方，活动开始后）：活动情况与最多 9 张现场图片，公开显示"""
        actor = current_actor()
        with unit_of_work():
            feedback.write_feedback(actor, activity_id, body["summary"], body["photo_upload_ids"])
        return feedback.public_feedback(activity_id)
