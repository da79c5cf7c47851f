// Endpoints of the OpenAPI spec this client calls; `reads` are the response fields pages use
// (checked against the spec by tests/contract.test.js).
const { endpoint } = require('../utils/request')

module.exports = {
  // 服务对象列表（本街道；按姓名、性别、状态筛选，最后修改时间倒序）
  list: endpoint('GET /beneficiaries', {
    reads: [
      'items[].id', 'items[].name', 'items[].gender', 'items[].age', 'items[].category.name',
      'items[].household_street.name', 'items[].status', 'items[].status_label', 'items[].donated_points',
      'items[].updated_at',
      'total',
    ],
  }),
  // 服务对象录入（社工站；提交后待本街道社工站审核）
  create: endpoint('POST /beneficiaries', { reads: ['id'] }),
  // 服务对象详情（身份证号码与电话仅对本社工站显示明文）
  get: endpoint('GET /beneficiaries/{beneficiary_id}', {
    reads: [
      'id', 'name', 'phone', 'id_card_number', 'pii_visible', 'gender', 'age', 'category.code',
      'category.name', 'political_status.code', 'political_status.name', 'self_care_level.code',
      'self_care_level.name', 'living_status.code', 'living_status.name', 'household_district.code',
      'household_district.name', 'household_street.code', 'household_street.name', 'household_address',
      'community.code', 'community.name', 'residential_address', 'remarks', 'filler_name', 'filler_phone',
      'station.name', 'status', 'status_label', 'status_reason', 'donated_points', 'updated_at', 'proof_images[].id',
      'proof_images[].url', 'actions',
    ],
  }),
  // 修改服务对象（待审核或审核不通过时）
  update: endpoint('PATCH /beneficiaries/{beneficiary_id}', { reads: ['id'] }),
  // 删除服务对象（有未结束的订单时不能删除）
  remove: endpoint('DELETE /beneficiaries/{beneficiary_id}', { reads: [] }),
  // 审核通过（本街道社工站）
  approve: endpoint('POST /beneficiaries/{beneficiary_id}/approve', { reads: [] }),
  // 审核不通过（须填写原因，通知录入人）
  reject: endpoint('POST /beneficiaries/{beneficiary_id}/reject', { reads: [] }),
  // 禁用服务对象（启用中 → 已禁用）
  disable: endpoint('POST /beneficiaries/{beneficiary_id}/disable', { reads: [] }),
  // 启用服务对象（已禁用 → 启用中）
  enable: endpoint('POST /beneficiaries/{beneficiary_id}/enable', { reads: [] }),
  // 重新提交审核（审核不通过 → 待审核）
  resubmit: endpoint('POST /beneficiaries/{beneficiary_id}/resubmit', { reads: [] }),
  // 审核记录（谁在何时做了什么、原因）
  events: endpoint('GET /beneficiaries/{beneficiary_id}/events', {
    reads: [
      '[].id', '[].action_label', '[].actor_name', '[].reason', '[].at',
    ],
  }),
}
