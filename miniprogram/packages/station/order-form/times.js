// The order form's three times, picked as Beijing date + time and sent as ISO-8601 with +08:00.
const format = require('../../../utils/format')

const FIELDS = ['take_deadline', 'starts_at', 'ends_at']

// '2026-12-20T01:00:00+00:00' → { day: '2026-12-20', time: '09:00' } (Beijing)
function split(iso) {
  const text = format.dateTime(iso)
  return text ? { day: text.slice(0, 10), time: text.slice(11, 16) } : { day: '', time: '' }
}

function iso(picked) {
  return picked && picked.day && picked.time ? format.toIso(picked.day, picked.time) : null
}

// Field → Chinese message for times missing or out of order: deadline < start < end, deadline ahead.
function check(picked, now) {
  const errors = {}
  const at = {}
  FIELDS.forEach((f) => {
    const value = iso(picked[f])
    if (!value) errors[f] = '请选择日期和时间'
    else at[f] = new Date(value).getTime()
  })
  if (at.starts_at && at.ends_at && at.ends_at <= at.starts_at) errors.ends_at = '服务结束时间应晚于服务开始时间'
  if (at.take_deadline && at.starts_at && at.take_deadline >= at.starts_at) errors.take_deadline = '接单截止日期应早于服务开始时间'
  else if (at.take_deadline && at.take_deadline <= (now || Date.now())) errors.take_deadline = '接单截止日期应晚于当前时间'
  return errors
}

module.exports = { FIELDS, split, iso, check }
