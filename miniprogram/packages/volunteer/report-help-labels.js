// Labels and tag colours for volunteer reports and help requests. The server sends status_label too;
// these are the fallback and the one place the tag colours are chosen.
const REPORT_KINDS = [
  { value: 'experience', label: '心得体会' },
  { value: 'plan', label: '活动计划' },
]

const REPORT_STATUS = { pending: '待审核', approved: '审核通过', rejected: '审核不通过' }
const REPORT_TAG = { pending: 'warning', approved: 'success', rejected: 'danger' }

const HELP_STATUS = { pending: '待安排', assigned: '已安排', closed: '已办结', declined: '不予受理', withdrawn: '已撤回' }
const HELP_TAG = { pending: 'warning', assigned: 'primary', closed: 'success', declined: 'danger', withdrawn: 'default' }

function reportStatus(r) {
  return { statusText: r.status_label || REPORT_STATUS[r.status] || '', statusTag: REPORT_TAG[r.status] || 'default' }
}

function helpStatus(r) {
  return { statusText: r.status_label || HELP_STATUS[r.status] || '', statusTag: HELP_TAG[r.status] || 'default' }
}

module.exports = { REPORT_KINDS, REPORT_STATUS, HELP_STATUS, reportStatus, helpStatus }
