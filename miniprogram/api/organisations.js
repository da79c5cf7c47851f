// Endpoints of the OpenAPI spec this client calls; `reads` are the response fields pages use
// (checked against the spec by tests/contract.test.js).
const { endpoint } = require('../utils/request')

module.exports = {
  // 机构列表：平台管理员看全部，其他人看自己所属的机构
  list: endpoint('GET /organisations', { reads: [] }),
  // 机构详情（本机构成员或平台管理员）
  get: endpoint('GET /organisations/{org_id}', { reads: [] }),
}
