// Endpoints of the OpenAPI spec this client calls; `reads` are the response fields pages use
// (checked against the spec by tests/contract.test.js).
const { endpoint } = require('../utils/request')

module.exports = {
  // 最新志愿活动（最新在前；可按类别、地域、状态、发布方筛选；用 before_id 翻页）
  list: endpoint('GET /activities', {
    reads: [
      'items[].id', 'items[].title', 'items[].place', 'items[].starts_at', 'items[].ends_at',
      'items[].places_left', 'items[].status_label', 'next_before_id', 'items[].status',
      'items[].status_reason', 'items[].category.name', 'items[].region.name', 'items[].publisher.name',
      'items[].latitude', 'items[].longitude', 'items[].headcount', 'items[].signed_up_count',
    ],
  }),
  // 发布活动（社区工作人员，活动区域在本社区内）；志愿服务组织请在认领成功的需求下发布
  create: endpoint('POST /activities', { reads: [] }),
  // 活动详情（含剩余名额；已登录时含我的报名）
  get: endpoint('GET /activities/{activity_id}', {
    reads: [
      'id', 'title', 'status', 'status_label', 'status_reason', 'category.name', 'region.name',
      'publisher.name', 'place', 'latitude', 'longitude', 'starts_at', 'ends_at', 'headcount',
      'signed_up_count', 'places_left', 'content', 'my_signup_id', 'feedback.summary', 'feedback.photo_urls',
    ],
  }),
  // 取消活动（发布方，活动结束前，须填写原因）；已报名的志愿者随之取消并收到通知
  cancel: endpoint('POST /activities/{activity_id}/cancel', { reads: [] }),
  // 报名名单（发布方：姓名与脱敏手机号）
  signups: endpoint('GET /activities/{activity_id}/signups', {
    reads: [
      '[].id', '[].name', '[].phone', '[].status', '[].status_label', '[].created_at',
    ],
  }),
  // 报名（须已填写真实姓名；招募中且未开始的活动）
  signUp: endpoint('POST /activities/{activity_id}/signups', { reads: [] }),
  // 取消报名（本人，活动开始前）；名额随之释放
  cancelSignup: endpoint('POST /activity-signups/{signup_id}/cancel', { reads: [] }),
  // 我的活动：进行中 / 已结束（最新报名在前，用 before_id 翻页）
  mine: endpoint('GET /me/activities', {
    reads: [
      'items[].signup_id', 'items[].activity.id', 'items[].activity.title', 'items[].activity.status_label',
      'items[].activity.publisher.name', 'items[].activity.starts_at', 'items[].activity.ends_at',
      'items[].activity.place', 'items[].attendance.state', 'items[].attendance.state_label',
      'items[].attendance.hours', 'items[].attendance.points', 'next_before_id',
    ],
  }),
  // 为认领成功的需求发布活动（认领方志愿服务组织；标题自动加专区前缀，区域默认为需求的区域）
  createForClaim: endpoint('POST /claims/{claim_id}/activities', { reads: [] }),
  // 需求的活动（认领方为该需求发布的活动，最新在前）
  listForNeed: endpoint('GET /needs/{need_id}/activities', {
    reads: [
      'items[].id', 'items[].title', 'items[].starts_at', 'items[].ends_at', 'items[].place',
      'items[].status_label', 'next_before_id',
    ],
  }),
  // 确认名单（发布方：每位报名的志愿者及其确认状态 未确认/已到/未到、时长，手机号已脱敏）
  attendance: endpoint('GET /activities/{activity_id}/attendance', {
    reads: [
      'title', 'starts_at', 'ends_at', 'confirmable', 'not_confirmable_reason', 'max_hours',
      'confirmed_count', 'attended_count', 'total_hours', 'items[].volunteer_id', 'items[].name',
      'items[].phone', 'items[].state', 'items[].state_label', 'items[].hours',
    ],
  }),
  // 活动确认（发布方，活动开始后）：提交完整名单，已到者记入服务时长、积分和一次服务；再次提交即更正，
  confirmAttendance: endpoint('PUT /activities/{activity_id}/attendance', {
    reads: [
      'title', 'starts_at', 'ends_at', 'confirmable', 'not_confirmable_reason', 'max_hours',
      'confirmed_count', 'attended_count', 'total_hours', 'items[].volunteer_id', 'items[].name',
      'items[].phone', 'items[].state', 'items[].state_label', 'items[].hours',
    ],
  }),
  // 活动反馈（公开：活动情况与现场图片）
  feedback: endpoint('GET /activities/{activity_id}/feedback', {
    reads: [
      'summary', 'photo_upload_ids', 'photo_urls',
    ],
  }),
  // 填写或修改活动反馈（发布方，活动开始后）：活动情况与最多 9 张现场图片，公开显示
  saveFeedback: endpoint('PUT /activities/{activity_id}/feedback', {
    reads: [
      'summary', 'photo_upload_ids', 'photo_urls',
    ],
  }),
}
