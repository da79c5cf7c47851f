// Dates as people in the city read them: Beijing time, 2026-12-08 14:30.
const fmt = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  hour12: false,
})
const dayFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })

function parts(f: Intl.DateTimeFormat, value: Date): Record<string, string> {
  return Object.fromEntries(f.formatToParts(value).map((p) => [p.type, p.value]))
}

export function dateTime(value?: string | null): string {
  if (!value) return '—'
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return '—'
  const p = parts(fmt, d)
  return `${p.year}-${p.month}-${p.day} ${p.hour === '24' ? '00' : p.hour}:${p.minute}`
}

export function day(value?: string | null): string {
  if (!value) return '—'
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return String(value)
  const p = parts(dayFmt, d)
  return `${p.year}-${p.month}-${p.day}`
}

/** A local date picked in a form ("2026-12-08") as the API's date. */
export function isoDay(value: Date | string | null | undefined): string | undefined {
  if (!value) return undefined
  if (typeof value === 'string') return value.slice(0, 10)
  const p = parts(dayFmt, value)
  return `${p.year}-${p.month}-${p.day}`
}

/** An API time as the Beijing wall-clock text date pickers hold ("2026-12-08T14:30:00"); the API reads a
 *  time without an offset as Beijing time, so the picker's value goes back unchanged. */
export function beijingWall(value?: string | null): string {
  if (!value) return ''
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return ''
  const p = parts(fmt, d)
  return `${p.year}-${p.month}-${p.day}T${p.hour === '24' ? '00' : p.hour}:${p.minute}:00`
}
