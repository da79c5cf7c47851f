// Endpoints of the OpenAPI spec this client calls; `reads` are the response fields pages use
// (checked against the spec by tests/contract.test.js).
const { endpoint } = require('../utils/request')

module.exports = {
  // 发起求助（任何已登录用户）：提交给所选服务社区，社区管理员会收到通知；联系方式加密保存
  create: endpoint('POST /help-requests', { reads: ['id'] }),
  // 我的求助（最新在前，含处理状态、原因与安排的志愿者）
  mine: endpoint('GET /help-requests/mine', {
    reads: [
      'items[].id', 'items[].title', 'items[].status', 'items[].status_label', 'items[].status_reason',
      'items[].community.name', 'items[].place', 'items[].wanted_at', 'items[].created_at',
      'items[].assignments[].volunteer_id', 'items[].assignments[].name', 'next_before_id',
    ],
  }),
  // 安排给我的求助（志愿者；点详情查看求助人信息）
  assigned: endpoint('GET /help-requests/assigned', {
    reads: [
      'items[].assignment_id', 'items[].assigned_at', 'items[].result', 'items[].reported_at',
      'items[].request.id', 'items[].request.title', 'items[].request.status', 'items[].request.status_label',
      'items[].request.community.name', 'items[].request.place', 'items[].request.wanted_at',
      'next_before_id',
    ],
  }),
  // 求助管理（社区工作人员：本社区收到的求助，可按状态筛选；列表中电话已脱敏）
  queue: endpoint('GET /help-requests/queue', {
    reads: [
      'items[].id', 'items[].title', 'items[].status', 'items[].status_label', 'items[].status_reason',
      'items[].place', 'items[].wanted_at', 'items[].created_at', 'items[].contact_name',
      'items[].contact_phone', 'items[].assignments[].name', 'next_before_id',
    ],
  }),
  // 求助详情：求助人、所在社区工作人员与被安排的志愿者可见联系方式；其他人只能看到已办结求助的公开信息
  get: endpoint('GET /help-requests/{request_id}', {
    reads: [
      'id', 'title', 'status', 'status_label', 'status_reason', 'community.name', 'place', 'wanted_at',
      'created_at', 'closed_at', 'close_summary', 'contact_name', 'contact_phone',
      'assignments[].volunteer_id', 'assignments[].name', 'assignments[].assigned_at', 'assignments[].result',
      'assignments[].reported_at', 'assignments[].credited_hours', 'assignments[].mine', 'viewpoint', 'content',
      'summary', 'community.id',
    ],
  }),
  // 安排志愿者（本社区的志愿者；再次安排为追加），被安排的志愿者与求助人会收到通知
  assign: endpoint('POST /help-requests/{request_id}/assign', {
    reads: [
      'id', 'title', 'status', 'status_label', 'status_reason', 'community.id', 'place', 'wanted_at',
      'created_at', 'closed_at', 'close_summary', 'contact_name', 'contact_phone', 'content',
      'assignments[].volunteer_id', 'assignments[].name', 'assignments[].assigned_at', 'assignments[].result',
      'assignments[].reported_at', 'assignments[].credited_hours',
    ],
  }),
  // 不予受理（待安排的求助，须填写原因），并通知求助人
  decline: endpoint('POST /help-requests/{request_id}/decline', {
    reads: [
      'id', 'title', 'status', 'status_label', 'status_reason', 'community.id', 'place', 'wanted_at',
      'created_at', 'closed_at', 'close_summary', 'contact_name', 'contact_phone', 'content',
      'assignments[].volunteer_id', 'assignments[].name', 'assignments[].assigned_at', 'assignments[].result',
      'assignments[].reported_at', 'assignments[].credited_hours',
    ],
  }),
  // 办结（已安排的求助）：填写公开的办理情况，可为各志愿者记入服务时长与积分（每人一次）
  close: endpoint('POST /help-requests/{request_id}/close', {
    reads: [
      'id', 'title', 'status', 'status_label', 'status_reason', 'community.id', 'place', 'wanted_at',
      'created_at', 'closed_at', 'close_summary', 'contact_name', 'contact_phone', 'content',
      'assignments[].volunteer_id', 'assignments[].name', 'assignments[].assigned_at', 'assignments[].result',
      'assignments[].reported_at', 'assignments[].credited_hours',
    ],
  }),
  // 撤回求助（求助人本人，尚未安排志愿者时）
  withdraw: endpoint('POST /help-requests/{request_id}/withdraw', { reads: ['status', 'status_label'] }),
  // 反馈服务结果（被安排的志愿者；再次反馈覆盖之前的内容），社区管理员会收到通知
  reportResult: endpoint('POST /help-requests/{request_id}/result', { reads: ['id'] }),
}
