// Endpoints of the OpenAPI spec this client calls; `reads` are the response fields pages use
// (checked against the spec by tests/contract.test.js).
const { endpoint } = require('../utils/request')

module.exports = {
  // “志愿者上报”栏目：已发布的上报（最新发布在前，上报人姓名脱敏；用 cursor 翻页）
  list: endpoint('GET /reports', {
    reads: [
      'items[].id', 'items[].kind_label', 'items[].title', 'items[].summary', 'items[].author_name',
      'items[].community.name', 'items[].published_at', 'items[].photos[].url', 'next_cursor',
    ],
  }),
  // 志愿者上报（社区志愿者：心得体会或活动计划，最多 9 张图片），提交给所在服务社区审核
  create: endpoint('POST /reports', { reads: ['id', 'status'] }),
  // 我的上报（最新在前，含审核状态与不通过原因）
  mine: endpoint('GET /reports/mine', {
    reads: [
      'items[].id', 'items[].kind_label', 'items[].title', 'items[].summary', 'items[].status',
      'items[].status_label', 'items[].status_reason', 'items[].is_published', 'items[].created_at',
      'next_before_id',
    ],
  }),
  // 上报审核列表（社区工作人员：本社区志愿者的上报，可按状态筛选）
  reviewQueue: endpoint('GET /reports/review', {
    reads: [
      'items[].id', 'items[].title', 'items[].kind_label', 'items[].author_name', 'items[].content',
      'items[].photos[].url', 'items[].status', 'items[].status_label', 'items[].status_reason',
      'items[].is_published', 'items[].created_at', 'items[].published_at', 'next_before_id',
    ],
  }),
  // 上报详情：已发布的任何人可看；未发布的仅上报人与所在社区工作人员可看
  get: endpoint('GET /reports/{report_id}', {
    reads: [
      'id', 'kind_label', 'title', 'author_name', 'community.name', 'published_at', 'created_at',
      'photos[].url', 'status', 'status_label', 'status_reason', 'is_published', 'content',
    ],
  }),
  // 审核通过（所在社区工作人员；可同时发布到栏目），并通知上报人
  approve: endpoint('POST /reports/{report_id}/approve', {
    reads: [
      'id', 'title', 'kind_label', 'author_name', 'content', 'photos[].url', 'status', 'status_label',
      'status_reason', 'is_published', 'created_at', 'published_at',
    ],
  }),
  // 审核不通过（须填写原因），并通知上报人
  reject: endpoint('POST /reports/{report_id}/reject', {
    reads: [
      'id', 'title', 'kind_label', 'author_name', 'content', 'photos[].url', 'status', 'status_label',
      'status_reason', 'is_published', 'created_at', 'published_at',
    ],
  }),
  // 发布到“志愿者上报”栏目（审核通过的上报）
  publish: endpoint('POST /reports/{report_id}/publish', {
    reads: [
      'id', 'title', 'kind_label', 'author_name', 'content', 'photos[].url', 'status', 'status_label',
      'status_reason', 'is_published', 'created_at', 'published_at',
    ],
  }),
  // 从栏目撤下
  unpublish: endpoint('POST /reports/{report_id}/unpublish', {
    reads: [
      'id', 'title', 'kind_label', 'author_name', 'content', 'photos[].url', 'status', 'status_label',
      'status_reason', 'is_published', 'created_at', 'published_at',
    ],
  }),
}
