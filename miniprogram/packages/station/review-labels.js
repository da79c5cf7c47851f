// Labels and row decoration shared by the wish-order and hours-certification pages of station staff and
// the city association (orders lists, order detail, certifications). The server sends status_label; the
// maps here are for filters and for the tag colours.
const format = require('../../utils/format')

const ORDER_STATUSES = [
  { value: 'pending', label: '待审核' },
  { value: 'first_approved', label: '初审已通过' },
  { value: 'rejected', label: '审核不通过' },
  { value: 'final_rejected', label: '二审不通过' },
  { value: 'open', label: '待接单' },
  { value: 'in_progress', label: '进行中' },
  { value: 'to_evaluate', label: '待评价' },
  { value: 'completed', label: '已完成' },
  { value: 'cancelled', label: '已取消' },
  { value: 'expired', label: '已过期' },
  { value: 'aborted', label: '已中止' },
]

// The 订单审核 tabs (GET /orders `tab`).
const ORDER_TABS = [
  { name: 'all', title: '全部' },
  { name: 'pending', title: '待审核' },
  { name: 'first_approved', title: '初审已通过' },
  { name: 'approved', title: '审核通过' },
  { name: 'rejected', title: '审核不通过' },
]

const CERT_TABS = [
  { name: '', title: '全部' },
  { name: 'pending', title: '待审核' },
  { name: 'approved', title: '审核通过' },
  { name: 'rejected', title: '审核不通过' },
]

// The six star ratings of a certification, in the operating guide's order and words.
const RATINGS = [
  { key: 'rating_overall', label: '订单服务总体评价' },
  { key: 'rating_arrangement', label: '订单服务安排内容' },
  { key: 'rating_effect', label: '订单服务服务效果' },
  { key: 'rating_attitude', label: '服务人员服务态度' },
  { key: 'rating_skill', label: '服务人员服务技能' },
  { key: 'rating_efficiency', label: '服务人员服务效率' },
]

const TAG_TYPES = {
  pending: 'warning', first_approved: 'primary', rejected: 'danger', final_rejected: 'danger',
  open: 'success', in_progress: 'primary', to_evaluate: 'warning', completed: 'success',
  approved: 'success',
}

function tagType(status) {
  return TAG_TYPES[status] || 'default'
}

// One row of GET /orders, with what the wxml shows.
function decorateOrder(item) {
  return Object.assign({}, item, {
    serviceText: format.span(item.starts_at, item.ends_at),
    updatedText: format.dateTime(item.updated_at),
    tagType: tagType(item.status),
    actionText: (item.actions || []).map((a) => a.label).join('、'),
  })
}

function decorateCertification(item) {
  return Object.assign({}, item, {
    datesText: item.service_date_start === item.service_date_end
      ? item.service_date_start : item.service_date_start + ' 至 ' + item.service_date_end,
    filedText: format.dateTime(item.filed_at),
    tagType: tagType(item.status),
  })
}

module.exports = { ORDER_STATUSES, ORDER_TABS, CERT_TABS, RATINGS, tagType, decorateOrder, decorateCertification }
