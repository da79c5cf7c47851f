// Endpoints of the OpenAPI spec this client calls; `reads` are the response fields pages use
// (checked against the spec by tests/contract.test.js).
const { endpoint } = require('../utils/request')

module.exports = {
  // 提交订单时数认证（社工站，服务结束后）
  file: endpoint('POST /orders/{order_id}/certifications', { reads: ['id'] }),
  // 订单时数认证列表（社工站看本街道，协会看全市；可按状态、订单号、街道筛选）
  list: endpoint('GET /certifications', {
    reads: [
      'items[].id', 'items[].order_number', 'items[].title', 'items[].street', 'items[].service_date_start',
      'items[].service_date_end', 'items[].volunteer_headcount', 'items[].total_hours', 'items[].status',
      'items[].status_label', 'items[].filed_at', 'items[].filed_by', 'total',
    ],
  }),
  // 时数认证详情（每位接单人的时数、评价、照片）
  get: endpoint('GET /certifications/{certification_id}', {
    reads: [
      'id', 'order_id', 'order_number', 'title', 'street', 'service_starts_at', 'service_ends_at',
      'service_date_start', 'service_date_end', 'beneficiary_person_times', 'beneficiary_headcount',
      'volunteer_person_times', 'volunteer_headcount', 'total_hours', 'hours[].take_id', 'hours[].taker_type',
      'hours[].name', 'hours[].phone', 'hours[].hours', 'hours[].points', 'service_summary', 'effect_summary',
      'photos[].id', 'photos[].url', 'rating_overall', 'rating_arrangement', 'rating_effect',
      'rating_attitude', 'rating_skill', 'rating_efficiency', 'status', 'status_label', 'status_reason',
      'filed_at', 'filed_by', 'reviewed_at', 'reviewed_by', 'actions[].action',
    ],
  }),
  // 审核通过（市志愿者协会）：订单完成，接单人积分到账
  approve: endpoint('POST /certifications/{certification_id}/approve', {
    reads: [
      'status', 'status_label', 'hours[].points', 'reviewed_at', 'reviewed_by', 'actions[].action',
    ],
  }),
  // 审核不通过（市志愿者协会）：退回社工站，须填写原因
  reject: endpoint('POST /certifications/{certification_id}/reject', {
    reads: [
      'status', 'status_label', 'status_reason', 'actions[].action',
    ],
  }),
}
