// Endpoints of the OpenAPI spec this client calls; `reads` are the response fields pages use
// (checked against the spec by tests/contract.test.js).
const { endpoint } = require('../utils/request')

module.exports = {
  // 本组织的组织信息
  profile: endpoint('GET /org-profiles/{org_id}', {
    reads: [
      'registration_no', 'registered_with', 'contact_name', 'contact_phone', 'service_areas', 'introduction',
      'logo_upload_id', 'logo_url', 'complete',
    ],
  }),
  // 完善组织信息：登记证号、联系人、联系电话、服务领域、组织简介（志愿服务组织全部填写后才能认领）
  saveProfile: endpoint('PUT /org-profiles/{org_id}', { reads: ['complete'] }),
  // 组织主页（公开）：简介、认领成功的需求（团组织为其发布的需求）、平均评分
  page: endpoint('GET /org-pages/{org_id}', {
    reads: [
      'id', 'name', 'region_name', 'score_average', 'score_count', 'introduction', 'contact_name',
      'contact_phone', 'service_areas', 'works[].need_id', 'works[].title', 'works[].status_label',
      'is_favourite',
    ],
  }),
  // 待办项：团组织 待确认/待认领/待评分，志愿服务组织 待确认/待评分（数量及最早的几项）
  todos: endpoint('GET /org-workspace/todos', {
    reads: [
      'lists[].key', 'lists[].label', 'lists[].count', 'lists[].items[].need_id',
      'lists[].items[].need_title', 'lists[].items[].org_name', 'lists[].items[].since',
    ],
  }),
  // 组织的积分余额（我的积分）
  points: endpoint('GET /org-workspace/points', { reads: ['balance'] }),
  // 组织的积分明细（最新在前，用 before_id 翻页）
  pointEntries: endpoint('GET /org-workspace/points/entries', {
    reads: [
      '[].id', '[].amount', '[].cause', '[].memo', '[].created_at',
    ],
  }),
}
