// Endpoints of the OpenAPI spec this client calls; `reads` are the response fields pages use
// (checked against the spec by tests/contract.test.js).
const { endpoint } = require('../utils/request')

module.exports = {
  // 提交订单时数认证（社工站，服务结束后）
  file: endpoint('POST /orders/{order_id}/certifications', { reads: ['id'] }),
  // 订单时数认证列表（社工站看本街道，协会看全市；可按状态、订单号、街道筛选）
  list: endpoint('GET /certifications', { reads: [] }),
  // 时数认证详情（每位接单人的时数、评价、照片）
  get: endpoint('GET /certifications/{certification_id}', { reads: [] }),
  // 审核通过（市志愿者协会）：订单完成，接单人积分到账
  approve: endpoint('POST /certifications/{certification_id}/approve', { reads: [] }),
  // 审核不通过（市志愿者协会）：退回社工站，须填写原因
  reject: endpoint('POST /certifications/{certification_id}/reject', { reads: [] }),
}
