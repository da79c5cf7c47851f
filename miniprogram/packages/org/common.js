// Shared by the organisation pages: which organisation the signed-in account acts for, the Chinese
// labels of need/claim/point states, and the small form helpers the forms share.
const auth = require('../../utils/auth')
const roles = require('../../utils/roles')

const NEED_STATUS = { unclaimed: '待认领', claimed: '已认领', completed: '已完成', withdrawn: '已撤回' }
const CLAIM_STATUS = { pending: '待确认', accepted: '认领成功', returned: '认领失败', withdrawn: '撤销认领' }
const INITIAL_STATUS = { pending: '待处理', adopted: '已采纳', declined: '未采纳' }
const POINT_CAUSE = {
  certification: '时数认证', attendance: '活动出勤', help_request: '求助服务', rating: '评分奖励',
  donation: '捐分', adjustment: '人工调整',
}
const TAG_TYPE = {
  unclaimed: 'warning', claimed: 'primary', completed: 'success', withdrawn: 'default',
  pending: 'warning', accepted: 'success', returned: 'danger', adopted: 'success', declined: 'default',
}

// The league or volunteer-service organisation this account works for (the first one when it belongs
// to several; leagues first, as the login page lands them here for either kind). null when none.
async function currentOrg(force) {
  const me = await auth.currentUser(force)
  const org = roles.organisationsOf(me, 'league')[0] || roles.organisationsOf(me, 'volunteer_org')[0]
  return org || null
}

// `<van-field data-key="title" bind:change="onInput">` and `<picker data-key="zone_index" bindchange="onInput">`
// both land here: van-field gives the value as detail, a native picker as detail.value.
function onInput(e) {
  const key = e.currentTarget.dataset.key
  const d = e.detail
  const value = d !== null && typeof d === 'object' && 'value' in d ? d.value : d
  this.setData({ ['form.' + key]: value, ['errors.' + key]: '' })
}

// {field: '请填写…'} for each empty required field, so nothing is sent half-filled.
function missing(form, labels) {
  const errors = {}
  Object.keys(labels).forEach((key) => {
    const v = form[key]
    if (v === undefined || v === null || String(v).trim() === '') errors[key] = labels[key]
  })
  return errors
}

function trimOrNull(v) {
  const s = String(v === undefined || v === null ? '' : v).trim()
  return s || null
}

module.exports = {
  NEED_STATUS, CLAIM_STATUS, INITIAL_STATUS, POINT_CAUSE, TAG_TYPE, currentOrg, onInput, missing, trimOrNull,
}

// The picked day + time pairs of a form as the API's ISO times (Beijing).
function times(form) {
  return {
    starts_at: require('../../utils/format').toIso(form.start_day, form.start_time),
    ends_at: require('../../utils/format').toIso(form.end_day, form.end_time),
  }
}

// Zones as picker rows, with "none" first: a need need not belong to a campaign zone.
function zoneRows(zones) {
  return [{ id: null, name: '不属于专区' }].concat((zones || []).map((z) => ({ id: z.id, name: z.name })))
}

// The fields a need is published with, from its form (need-form and adopting an initial need).
function needFields(form) {
  return Object.assign({ title: form.title.trim(), content: form.content.trim() }, times(form), {
    headcount: Number(form.headcount),
    leader_name: form.leader_name.trim(),
    leader_mobile: form.leader_mobile.trim(),
    leader_landline: trimOrNull(form.leader_landline),
  })
}

module.exports.times = times
module.exports.needFields = needFields
module.exports.zoneRows = zoneRows
