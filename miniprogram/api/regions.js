// Endpoints of the OpenAPI spec this client calls; `reads` are the response fields pages use
// (checked against the spec by tests/contract.test.js).
const { endpoint } = require('../utils/request')

module.exports = {
  // 区域列表：某区域的下级，或按级别筛选
  list: endpoint('GET /regions', { reads: ['[].code', '[].name'] }),
}
