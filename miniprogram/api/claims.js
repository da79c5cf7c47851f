// Endpoints of the OpenAPI spec this client calls; `reads` are the response fields pages use
// (checked against the spec by tests/contract.test.js).
const { endpoint } = require('../utils/request')

module.exports = {
  // 需求的认领申请（发布需求的团组织）
  listForNeed: endpoint('GET /needs/{need_id}/claims', {
    reads: [
      'items[].id', 'items[].need_id', 'items[].need_title', 'items[].org_name', 'items[].message',
      'items[].status', 'items[].status_label', 'items[].reason', 'items[].created_at', 'items[].decided_at',
      'items[].league_scored', 'items[].claimer_scored',
    ],
  }),
  // 我要认领（志愿服务组织，须先完善组织信息）：等待团组织确认
  claim: endpoint('POST /needs/{need_id}/claims', { reads: [] }),
  // 我的申请（志愿服务组织）：本组织的认领及处理结果
  mine: endpoint('GET /claims/mine', {
    reads: [
      'items[].id', 'items[].need_id', 'items[].need_title', 'items[].org_name', 'items[].message',
      'items[].status', 'items[].status_label', 'items[].reason', 'items[].created_at', 'items[].decided_at',
      'items[].league_scored', 'items[].claimer_scored',
    ],
  }),
  // 同意认领（团组织）：需求变为已认领，其余待确认的认领自动退回，认领组织可见负责人电话
  accept: endpoint('POST /claims/{claim_id}/accept', { reads: [] }),
  // 退回认领（团组织，须填写原因）：认领失败
  giveBack: endpoint('POST /claims/{claim_id}/return', { reads: [] }),
  // 撤销认领（志愿服务组织，待确认时）
  withdraw: endpoint('POST /claims/{claim_id}/withdraw', { reads: [] }),
  // 为认领的对方评分（1–5 星，可附评价；每方一次；被评分组织获得积分）
  score: endpoint('POST /claims/{claim_id}/score', { reads: [] }),
  // 认领的双方评分（认领双方组织可见）
  scores: endpoint('GET /claims/{claim_id}/scores', {
    reads: [
      '[].id', '[].side', '[].stars', '[].comment', '[].scorer_org_name', '[].created_at',
    ],
  }),
}
