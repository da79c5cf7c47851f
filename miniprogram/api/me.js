// Endpoints of the OpenAPI spec this client calls; `reads` are the response fields pages use
// (checked against the spec by tests/contract.test.js).
const { endpoint } = require('../utils/request')

module.exports = {
  // 我的信息（手机号已脱敏）
  get: endpoint('GET /me', {
    reads: [
      'id', 'real_name', 'gender', 'is_party_member', 'work_unit', 'service_community',
      'service_community.name', 'phone', 'has_phone', 'memberships', 'memberships[].is_active',
      'memberships[].organisation.id', 'memberships[].organisation.name', 'memberships[].organisation.kind',
      'memberships[].organisation.region.code', 'memberships[].organisation.region.name',
      'memberships[].organisation.region.parent_code',
    ],
  }),
  // 修改我的信息：姓名、性别、是否党员、工作单位（服务社区须通过申请加入社区变更）
  update: endpoint('PATCH /me', {
    reads: [
      'real_name', 'gender', 'is_party_member', 'work_unit', 'service_community.name', 'phone', 'has_phone',
    ],
  }),
  // 工作人员绑定机构账号：此后用自己的微信代表机构操作并接收通知
  bindAccount: endpoint('POST /me/bindings', { reads: ['id', 'memberships'] }),
}
