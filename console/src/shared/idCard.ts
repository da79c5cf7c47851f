// A quick hint while typing a mainland ID number (GB 11643-1999). The API checks it again (with the
// gender and age) and its field error is what counts; this only saves a round trip for a typo.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

/** The check character of the first 17 digits. */
export function checkCharacter(body: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * WEIGHTS[i]
  return CHECK[sum % 11]
}

/** '' when the number looks valid, otherwise the reason (the API's words). */
export function idCardProblem(value: string, today: Date = new Date()): string {
  const number = value.trim().replace(/ /g, '').toUpperCase()
  if (!/^\d{17}[\dX]$/.test(number)) return '身份证号码应为 18 位，前 17 位为数字，最后一位为数字或 X'
  const year = Number(number.slice(6, 10))
  const month = Number(number.slice(10, 12))
  const dayOfMonth = Number(number.slice(12, 14))
  const birth = new Date(Date.UTC(year, month - 1, dayOfMonth))
  const real = birth.getUTCFullYear() === year && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === dayOfMonth
  if (!real || birth.getTime() > today.getTime() || today.getUTCFullYear() - year > 151) return '身份证号码中的出生日期无效'
  if (checkCharacter(number) !== number[17]) return '身份证号码校验位不正确，请核对'
  return ''
}
