// Endpoints of the OpenAPI spec this client calls; `reads` are the response fields pages use
// (checked against the spec by tests/contract.test.js).
const { endpoint } = require('../utils/request')

module.exports = {
  // 订阅消息模板与我的剩余次数
  state: endpoint('GET /subscriptions', { reads: ['templates', 'credits'] }),
  // 上报 wx.requestSubscribeMessage 的结果（每次“允许”可发送一次）
  report: endpoint('POST /subscriptions', { reads: ['credits'] }),
}
