// Display helpers. The API speaks ISO-8601 with offsets; people here read Beijing time.
const BEIJING_OFFSET_MIN = 8 * 60

function pad(n) {
  return n < 10 ? '0' + n : String(n)
}

function beijing(iso) {
  if (!iso) return null
  const t = new Date(iso)
  if (isNaN(t.getTime())) return null
  return new Date(t.getTime() + BEIJING_OFFSET_MIN * 60000)
}

// 2026-12-05 14:30
function dateTime(iso) {
  const b = beijing(iso)
  if (!b) return ''
  return b.getUTCFullYear() + '-' + pad(b.getUTCMonth() + 1) + '-' + pad(b.getUTCDate()) + ' ' +
    pad(b.getUTCHours()) + ':' + pad(b.getUTCMinutes())
}

// 2026-12-05 (also accepts a plain date string)
function date(iso) {
  if (typeof iso === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso
  return dateTime(iso).slice(0, 10)
}

// 12-05 14:30–16:30 when both ends fall on one day, else the two full times.
function span(startIso, endIso) {
  const a = dateTime(startIso)
  const b = dateTime(endIso)
  if (!a) return ''
  if (!b) return a
  if (a.slice(0, 10) === b.slice(0, 10)) return a.slice(5) + '–' + b.slice(11)
  return a + ' 至 ' + b
}

// A local date and time picked in the form ("2026-12-05", "14:30"), as ISO-8601 with +08:00.
function toIso(day, time) {
  if (!day) return null
  return day + 'T' + (time || '00:00') + ':00+08:00'
}

module.exports = { dateTime, date, span, toIso, beijing }
