// Client-side checks of the station forms, with the server's wording, so most mistakes are caught
// before a round trip (the server checks everything again).
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'
const MAX_AGE = 150

function pad(n) {
  return n < 10 ? '0' + n : String(n)
}

// Today in Beijing as [y, m, d]: ages are counted on the calendar people here live by.
function beijingToday(now) {
  const b = new Date((now || Date.now()) + 8 * 3600e3)
  return [b.getUTCFullYear(), b.getUTCMonth() + 1, b.getUTCDate()]
}

function fullAge(y, m, d, today) {
  const [ty, tm, td] = today
  return ty - y - ((tm < m || (tm === m && td < d)) ? 1 : 0)
}

// A mainland ID number (GB 11643): {number, birth: 'YYYY-MM-DD', age, gender} or {error}.
function idCard(value, now) {
  const number = String(value || '').replace(/\s/g, '').toUpperCase()
  if (!/^\d{17}[\dX]$/.test(number)) return { error: '身份证号码应为 18 位，前 17 位为数字，最后一位为数字或 X' }
  const y = Number(number.slice(6, 10))
  const m = Number(number.slice(10, 12))
  const d = Number(number.slice(12, 14))
  const date = new Date(Date.UTC(y, m - 1, d))
  const today = beijingToday(now)
  const valid = date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
  if (!valid || y * 10000 + m * 100 + d > today[0] * 10000 + today[1] * 100 + today[2] ||
      fullAge(y, m, d, today) > MAX_AGE) {
    return { error: '身份证号码中的出生日期无效' }
  }
  let sum = 0
  for (let i = 0; i < 17; i += 1) sum += Number(number[i]) * WEIGHTS[i]
  if (CHECK[sum % 11] !== number[17]) return { error: '身份证号码校验位不正确，请核对' }
  return {
    number,
    birth: y + '-' + pad(m) + '-' + pad(d),
    age: fullAge(y, m, d, today),
    gender: Number(number[16]) % 2 ? 'male' : 'female',
  }
}

// Mobiles (11 digits from 13–19) and landlines with an area code, as the server accepts them.
function phone(value) {
  const p = String(value || '').replace(/\s/g, '')
  if (/^1[3-9]\d{9}$/.test(p) || /^0\d{2,3}-?\d{7,8}$/.test(p)) return ''
  return '请输入正确的手机号码（11 位）或固定电话（如 020-12345678）'
}

function name(value) {
  const n = String(value || '').trim()
  if (n.length < 2 || n.length > 30) return '姓名长度应在 2 到 30 个字之间'
  if (/\d/.test(n)) return '姓名不能包含数字或特殊字符'
  return ''
}

module.exports = { idCard, phone, name, fullAge }
