// Endpoints of the OpenAPI spec this client calls; `reads` are the response fields pages use
// (checked against the spec by tests/contract.test.js).
const { endpoint } = require('../utils/request')

module.exports = {
  // 专区列表
  zones: endpoint('GET /zones', { reads: ['[].id', '[].name'] }),
  // 需求信息：正式需求列表（可按专区、区域、状态、关键词筛选），负责人电话打码
  list: endpoint('GET /needs', {
    reads: [
      'items[].id', 'items[].title', 'items[].status', 'items[].status_label', 'items[].league_name',
      'items[].region_name', 'items[].starts_at', 'items[].ends_at', 'items[].headcount',
      'items[].accepted_org_name', 'total', 'items[].league_org_id', 'items[].claim_count',
      'items[].pending_claim_count',
    ],
  }),
  // 发布需求（团组织）：标题自动加专区前缀，发布后即为待认领
  create: endpoint('POST /needs', { reads: ['id'] }),
  // 我的发布（团组织）：本组织发布的需求及认领进度
  mine: endpoint('GET /needs/mine', {
    reads: [
      'items[].id', 'items[].title', 'items[].status', 'items[].status_label', 'items[].league_org_id',
      'items[].league_name', 'items[].region_name', 'items[].starts_at', 'items[].ends_at',
      'items[].headcount', 'items[].claim_count', 'items[].pending_claim_count', 'items[].accepted_org_name',
    ],
  }),
  // 需求详情：认领成功前，负责人电话仅发布方可见；认领成功后认领组织也可见
  get: endpoint('GET /needs/{need_id}', {
    reads: [
      'id', 'title', 'status_label', 'zone_name', 'league_org_id', 'league_name', 'accepted_org_id',
      'accepted_org_name', 'region_name', 'starts_at', 'ends_at', 'headcount', 'leader_name', 'leader_mobile',
      'leader_landline', 'content', 'status', 'claim_count', 'pending_claim_count', 'phones_visible',
      'events[].action_label', 'events[].reason', 'events[].at', 'region_code', 'is_favourite',
      'my_claim.id', 'my_claim.org_id', 'my_claim.status', 'my_claim.status_label', 'my_claim.message',
      'my_claim.reason', 'my_claim.created_at', 'my_claim.league_scored', 'my_claim.claimer_scored',
    ],
  }),
  // 撤回需求（团组织，仅待认领时）：待确认的认领一并退回
  withdraw: endpoint('POST /needs/{need_id}/withdraw', { reads: [] }),
  // 标记需求已完成（团组织）
  complete: endpoint('POST /needs/{need_id}/complete', { reads: [] }),
  // 首页数据：需求数与认领数（默认截止至昨日；可查历史某日），及各专区合计
  figures: endpoint('GET /needs-home/figures', {
    reads: [
      'day', 'needs_published', 'needs_claimed', 'zones[].zone_id', 'zones[].zone_name',
      'zones[].needs_published', 'zones[].needs_claimed',
    ],
  }),
}
