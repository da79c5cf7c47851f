// Endpoints of the OpenAPI spec this client calls; `reads` are the response fields pages use
// (checked against the spec by tests/contract.test.js).
const { endpoint } = require('../utils/request')

module.exports = {
  // 我的消息（最新在前，用 before_id 翻页）
  list: endpoint('GET /inbox', { reads: ['[].id', '[].title', '[].body', '[].page', '[].created_at', '[].read_at'] }),
  // 未读消息数（角标）
  unreadCount: endpoint('GET /inbox/unread-count', { reads: ['unread'] }),
  // 标记一条消息为已读
  markRead: endpoint('POST /inbox/{item_id}/read', { reads: [] }),
  // 全部标记为已读
  markAllRead: endpoint('POST /inbox/read-all', { reads: [] }),
}
