// Endpoints of the OpenAPI spec this client calls; `reads` are the response fields pages use
// (checked against the spec by tests/contract.test.js).
const { endpoint } = require('../utils/request')

module.exports = {
  // 字典项列表：service_item 服务项目 / service_type 服务类型 / beneficiary_category 服务对象类别 /
  list: endpoint('GET /catalogues/{kind}', { reads: ['[].code', '[].name'] }),
  // 字典维护列表：含已停用的服务项目或服务类型（市志愿者协会）
  listAll: endpoint('GET /catalogues/{kind}/all', { reads: [] }),
  // 新增服务项目或服务类型（市志愿者协会）
  create: endpoint('POST /catalogues/{kind}', { reads: [] }),
  // 修改、停用或重新启用服务项目或服务类型（市志愿者协会）；停用后已有订单仍显示
  update: endpoint('PATCH /catalogues/{kind}/{code}', { reads: [] }),
}
