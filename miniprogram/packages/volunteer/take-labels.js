// Labels of a take's status (接单状态), as volunteers read them.
const TAKE_STATUS = {
  pending: '待审核',
  approved: '审核通过',
  rejected: '审核不通过',
  withdrawn: '已撤回',
  lapsed: '未录用',
}

const TAKE_TAG = {
  pending: 'warning',
  approved: 'success',
  rejected: 'danger',
  withdrawn: 'default',
  lapsed: 'default',
}

module.exports = { TAKE_STATUS, TAKE_TAG }
