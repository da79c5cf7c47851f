// Endpoints of the OpenAPI spec this client calls; `reads` are the response fields pages use
// (checked against the spec by tests/contract.test.js).
const { endpoint } = require('../utils/request')

module.exports = {
  // V订单记录列表 / 订单审核（本辖区；筛选：需求标题、服务项目、所属街道、服务时间、订单状态、页签）
  list: endpoint('GET /orders', {
    reads: [
      'items[].id', 'items[].number', 'items[].title', 'items[].need_type_label', 'items[].id_card_number',
      'items[].service_item.name', 'items[].street.name', 'items[].starts_at', 'items[].ends_at',
      'items[].donated_points', 'items[].status', 'items[].status_label', 'items[].creator',
      'items[].created_by', 'items[].updated_at', 'items[].actions[].label', 'items[].beneficiary_name',
      'items[].recruit_count', 'items[].approved_count', 'total',
    ],
  }),
  // 我要发单：为启用中的服务对象发单，等待社工站初审
  create: endpoint('POST /orders', { reads: ['id'] }),
  // 订单详情：本辖区工作人员看全部信息；志愿者可看已开放接单的订单（不含服务对象个人信息）
  get: endpoint('GET /orders/{order_id}', {
    reads: [
      'id', 'number', 'title', 'service_item.name', 'service_type.name', 'district.name', 'street.name',
      'address', 'latitude', 'longitude', 'starts_at', 'ends_at', 'take_deadline', 'recruit_count',
      'approved_count', 'places_left', 'content', 'taker_notes', 'traffic_guide', 'status', 'status_label',
      'donated_points', 'station.name', 'need_type', 'beneficiary.id', 'beneficiary.name',
      'service_item.code', 'service_type.code', 'district.code', 'street.code', 'need_type_label',
      'places_held', 'status_reason', 'created_by', 'created_at', 'updated_at', 'beneficiary.gender',
      'beneficiary.age', 'beneficiary.id_card_number', 'beneficiary.phone', 'actions[].action',
      'actions[].label', 'certification.id', 'certification.status', 'certification.status_label',
      'my_take.id', 'my_take.status', 'my_take.status_label', 'my_take.status_reason',
      'my_take.provider_org_name',
    ],
  }),
  // 修改订单（待审核、审核不通过、二审不通过时）
  update: endpoint('PATCH /orders/{order_id}', { reads: ['id'] }),
  // 订单跟踪：订单、接单与时数认证的每一步（谁、何时、做了什么、原因）
  events: endpoint('GET /orders/{order_id}/events', {
    reads: [
      '[].id', '[].subject_label', '[].action_label', '[].from_status_label', '[].to_status_label',
      '[].reason', '[].at', '[].actor.name',
    ],
  }),
  // 初审通过（社工站），提交市志愿者协会终审
  firstApprove: endpoint('POST /orders/{order_id}/first-approve', { reads: [] }),
  // 初审不通过（社工站，须填写原因）
  firstReject: endpoint('POST /orders/{order_id}/first-reject', { reads: [] }),
  // 终审通过（市志愿者协会）：订单开放接单并派单给本区志愿者与服务商
  finalApprove: endpoint('POST /orders/{order_id}/final-approve', { reads: [] }),
  // 终审不通过（市志愿者协会，须填写原因）
  finalReject: endpoint('POST /orders/{order_id}/final-reject', { reads: [] }),
  // 重新提交审核（审核不通过或二审不通过的订单）
  resubmit: endpoint('POST /orders/{order_id}/resubmit', { reads: [] }),
  // 取消订单（社工站，服务开始前，须填写原因）；待审核的接单随之作废
  cancel: endpoint('POST /orders/{order_id}/cancel', { reads: [] }),
  // 过期（社工站，待接单的订单）；待审核的接单随之作废
  markExpired: endpoint('POST /orders/{order_id}/mark-expired', { reads: [] }),
  // 完成招募（社工站，至少一名接单人审核通过）：订单进入进行中
  closeRecruitment: endpoint('POST /orders/{order_id}/close-recruitment', { reads: [] }),
  // 中止（社工站，进行中的订单，须填写原因）
  abort: endpoint('POST /orders/{order_id}/abort', { reads: [] }),
  // 接单大厅：待接单的订单（可按区、街道、服务项目、服务类型、时间筛选；按开始时间或距离排序）
  feed: endpoint('GET /order-feed', {
    reads: [
      'items[].id', 'items[].title', 'items[].service_item_name', 'items[].street_name', 'items[].starts_at',
      'items[].ends_at', 'items[].places_left', 'items[].distance_km', 'items[].taken_by_me', 'next_cursor',
    ],
  }),
  // 首页统计：已接单 N 次，已募集 M 积分（社工站等机构看本机构订单，志愿者看本人）
  summary: endpoint('GET /timebank/summary', { reads: ['taken_count', 'raised_points'] }),
  // 工作台：我可处理的各待办队列及数量（服务对象审核、V订单初审/终审、接单人审核、待认证、认证审核）
  workbench: endpoint('GET /workbench', { reads: ['queues[].key', 'queues[].label', 'queues[].count'] }),
}
