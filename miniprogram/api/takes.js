// Endpoints of the OpenAPI spec this client calls; `reads` are the response fields pages use
// (checked against the spec by tests/contract.test.js).
const { endpoint } = require('../utils/request')

module.exports = {
  // 接单人/接单服务商审核列表（社工站）
  list: endpoint('GET /orders/{order_id}/takes', {
    reads: [
      '[].id', '[].taker_type', '[].name', '[].phone', '[].provider_org_name', '[].taken_by_name',
      '[].status', '[].status_reason', '[].created_at', '[].reviewed_at', '[].actions',
    ],
  }),
  // 立即接单（志愿者本人，或以志愿服务组织身份作为接单服务商）
  take: endpoint('POST /orders/{order_id}/takes', { reads: ['id', 'status'] }),
  // 撤回接单（审核前）
  withdraw: endpoint('POST /takes/{take_id}/withdraw', { reads: ['status'] }),
  // 接单审核通过（社工站）；招满时订单进入进行中
  approve: endpoint('POST /takes/{take_id}/approve', { reads: [] }),
  // 接单审核不通过（社工站，须填写原因）
  reject: endpoint('POST /takes/{take_id}/reject', { reads: [] }),
  // 我接的单（最新在前，用 before_id 翻页）
  mine: endpoint('GET /me/taken-orders', {
    reads: [
      'items[].id', 'items[].status', 'items[].status_reason', 'items[].created_at',
      'items[].provider_org_name', 'items[].order.id', 'items[].order.title', 'items[].order.starts_at',
      'items[].order.ends_at', 'items[].order.service_item_name', 'items[].order.street_name',
      'next_before_id',
    ],
  }),
}
