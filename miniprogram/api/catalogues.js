// Endpoints of the OpenAPI spec this client calls; `reads` are the response fields pages use
// (checked against the spec by tests/contract.test.js).
const { endpoint } = require('../utils/request')

module.exports = {
  // 字典项列表：service_item 服务项目 / service_type 服务类型 / beneficiary_category 服务对象类别 /
  list: endpoint('GET /catalogues/{kind}', { reads: ['[].code', '[].name'] }),
}
