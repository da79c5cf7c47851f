// Chinese labels of the station pages' enums (the server's status_label wins where it sends one).
const GENDER = { male: '男', female: '女', unknown: '未知' }

const BENEFICIARY_STATUS = { pending: '待审核', active: '启用中', disabled: '已禁用', rejected: '审核不通过' }

// Tag colours per status, so a list reads at a glance.
const BENEFICIARY_TAG = { pending: 'warning', active: 'success', disabled: 'default', rejected: 'danger' }

const TAKE_STATUS = { pending: '待审核', approved: '审核通过', rejected: '审核不通过', withdrawn: '已撤回', lapsed: '未录用' }
const TAKE_TAG = { pending: 'warning', approved: 'success', rejected: 'danger', withdrawn: 'default', lapsed: 'default' }
const TAKER_TYPE = { volunteer: '接单人', provider: '接单服务商' }

const NEED_TYPES = [
  { value: 'for_others', label: '为他人下单' },
  { value: 'for_self', label: '为自己下单' },
]

module.exports = { GENDER, BENEFICIARY_STATUS, BENEFICIARY_TAG, TAKE_STATUS, TAKE_TAG, TAKER_TYPE, NEED_TYPES }
