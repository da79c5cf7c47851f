// Endpoints of the OpenAPI spec this client calls; `reads` are the response fields pages use
// (checked against the spec by tests/contract.test.js).
const { endpoint } = require('../utils/request')

module.exports = {
  // 我的积分余额
  balance: endpoint('GET /me/points', { reads: ['balance'] }),
  // 我的积分明细（最新在前，用 before_id 翻页）
  entries: endpoint('GET /me/points/entries', {
    reads: [
      '[].id', '[].amount', '[].cause', '[].memo', '[].created_at',
    ],
  }),
  // 我要捐分：把积分捐给一个已发布的订单（同一 request_id 重试不会重复扣分）
  donate: endpoint('POST /orders/{order_id}/donations', { reads: ['points', 'balance', 'replayed'] }),
}
