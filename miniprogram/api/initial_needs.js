// Endpoints of the OpenAPI spec this client calls; `reads` are the response fields pages use
// (checked against the spec by tests/contract.test.js).
const { endpoint } = require('../utils/request')

module.exports = {
  // 本区域的初始需求（团组织）
  list: endpoint('GET /initial-needs', {
    reads: [
      'items[].id', 'items[].title', 'items[].content', 'items[].region_name', 'items[].contact_name',
      'items[].contact_phone', 'items[].status', 'items[].status_label', 'items[].decision_reason',
      'items[].need_id', 'items[].created_at',
    ],
  }),
  // 提交初始需求（任何已登录用户）：所在区域的团组织会收到通知，采纳后才会公开
  create: endpoint('POST /initial-needs', { reads: [] }),
  // 我提交的初始需求及处理结果
  mine: endpoint('GET /initial-needs/mine', {
    reads: [
      'items[].id', 'items[].title', 'items[].content', 'items[].region_name', 'items[].status',
      'items[].status_label', 'items[].decision_reason', 'items[].need_id', 'items[].created_at',
    ],
  }),
  // 采纳初始需求（团组织）：转化为本组织的正式需求，并通知提交人
  adopt: endpoint('POST /initial-needs/{initial_id}/adopt', { reads: ['id'] }),
  // 不采纳初始需求（团组织，须填写原因），并通知提交人
  decline: endpoint('POST /initial-needs/{initial_id}/decline', { reads: [] }),
}
