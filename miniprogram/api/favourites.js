// Endpoints of the OpenAPI spec this client calls; `reads` are the response fields pages use
// (checked against the spec by tests/contract.test.js).
const { endpoint } = require('../utils/request')

module.exports = {
  // 我的收藏（最新在前，可按类型筛选，用 before_id 翻页）
  list: endpoint('GET /me/favourites', {
    reads: [
      'items[].id', 'items[].kind', 'items[].target_id', 'items[].title', 'items[].status', 'next_before_id',
    ],
  }),
  // 收藏需求或组织（重复收藏返回 200 和原有收藏）
  add: endpoint('POST /me/favourites', { reads: [] }),
  // 取消收藏
  remove: endpoint('DELETE /me/favourites/{kind}/{target_id}', { reads: [] }),
}
