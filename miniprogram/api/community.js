// Endpoints of the OpenAPI spec this client calls; `reads` are the response fields pages use
// (checked against the spec by tests/contract.test.js).
const { endpoint } = require('../utils/request')

module.exports = {
  // 可申请加入的服务社区（可按区或街道编码、名称筛选；用 after_id 翻页）
  communities: endpoint('GET /community/communities', {
    reads: [
      'items[].id', 'items[].name', 'items[].district_name', 'items[].street_name', 'next_after_id',
    ],
  }),
  // 志愿者申请审核列表（本社区；最新在前，可按状态筛选，用 before_id 翻页；身份证号码、手机号已脱敏）
  applications: endpoint('GET /community/applications', {
    reads: [
      'items[].id', 'items[].real_name', 'items[].id_card_number', 'items[].work_unit',
      'items[].is_party_member', 'items[].status', 'items[].status_label', 'items[].status_reason',
      'items[].created_at', 'items[].decided_at', 'items[].applicant.phone', 'items[].current_community.name',
      'next_before_id',
    ],
  }),
  // 申请成为社区志愿者（填写真实姓名、身份证号码、工作单位、是否党员）；已是其他社区志愿者时为转入申请
  apply: endpoint('POST /community/applications', { reads: [] }),
  // 我的志愿者申请（最新在前，含审核结果与不通过原因）
  myApplications: endpoint('GET /community/applications/mine', {
    reads: [
      '[].id', '[].community.name', '[].real_name', '[].id_card_number', '[].status', '[].status_label',
      '[].status_reason', '[].created_at',
    ],
  }),
  // 撤回我的申请（待审核时）
  withdrawApplication: endpoint('POST /community/applications/{application_id}/withdraw', { reads: [] }),
  // 审核通过：申请人成为本社区志愿者（原社区随之解除），并收到通知
  approveApplication: endpoint('POST /community/applications/{application_id}/approve', { reads: [] }),
  // 审核不通过（须填写原因）：申请人收到结果与原因
  rejectApplication: endpoint('POST /community/applications/{application_id}/reject', { reads: [] }),
  // 我的服务社区（目前所在社区与待审核的申请）
  membership: endpoint('GET /community/membership', {
    reads: [
      'is_volunteer', 'community.name', 'joined_at', 'work_unit', 'is_party_member', 'pending_application.id',
    ],
  }),
  // 志愿统计（市、区、社区管理员：本区域志愿者人数、党员、本月新增、服务次数与时长、活动与求助；按下级区域、按工作单位）
  stats: endpoint('GET /community/stats', {
    reads: [
      'region.name', 'month_start', 'totals.volunteers', 'totals.party_members', 'totals.new_this_month',
      'totals.services', 'totals.hours', 'totals.activities.total', 'totals.activities.by_status[].status',
      'totals.activities.by_status[].label', 'totals.activities.by_status[].count',
      'totals.help_requests.total', 'totals.help_requests.by_status[].label',
      'totals.help_requests.by_status[].count', 'children[].code', 'children[].name', 'children[].hours',
      'children[].volunteers', 'work_units[].work_unit', 'work_units[].hours', 'work_units[].volunteers',
    ],
  }),
  // 志愿者名单（本区域内服务社区的志愿者，或某一社区的志愿者；可按工作单位、姓名、是否党员查询；手机号脱敏）
  volunteers: endpoint('GET /community/volunteers', {
    reads: [
      'items[].user_id', 'items[].real_name', 'items[].phone', 'items[].work_unit', 'items[].is_party_member',
      'items[].community_name', 'items[].joined_at', 'items[].services', 'items[].hours', 'next_before_id',
    ],
  }),
  // 志愿者详情：基本信息与参加的活动（含活动确认情况）
  volunteer: endpoint('GET /community/volunteers/{user_id}', {
    reads: [
      'real_name', 'phone', 'work_unit', 'is_party_member', 'community_name', 'joined_at', 'services',
      'hours', 'activities[].id', 'activities[].title', 'activities[].starts_at', 'activities[].ends_at',
      'activities[].status', 'activities[].attendance', 'activities[].hours',
    ],
  }),
  // 我的服务汇总：时间银行订单、社区活动、公众求助的服务次数、时长与积分（来自积分账本）
  myTotals: endpoint('GET /community/me/totals', { reads: ['balance', 'services', 'hours'] }),
}
