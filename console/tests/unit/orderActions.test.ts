import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { isMove, runMove } from '@/console/views/station/orderActions'

// The real message boxes of Element Plus in the page; only the network is replaced.
const sent: Array<{ method: string; path: string; body: unknown }> = []

beforeEach(() => {
  ;(window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL('http://localhost/console/')
  sent.length = 0
  vi.stubGlobal('fetch', async (input: Request) => {
    const body = await input.clone().text()
    sent.push({ method: input.method, path: new URL(input.url).pathname, body: body ? JSON.parse(body) : undefined })
    return new Response(JSON.stringify({ id: 3, status: 'cancelled' }), { status: 200, headers: { 'Content-Type': 'application/json' } })
  })
})
afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

async function box(): Promise<Element> {
  for (let i = 0; i < 50; i++) {
    await flushPromises()
    const found = document.querySelector('.el-message-box')
    if (found) return found
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error('no message box')
}

function button(within: Element, text: string): HTMLButtonElement {
  const found = [...within.querySelectorAll('button')].find((b) => b.textContent?.trim() === text)
  if (!found) throw new Error(`no button ${text}`)
  return found as HTMLButtonElement
}

describe('the order action bar', { timeout: 30000 }, () => {
  it('knows the moves it can run and leaves the rest alone', () => {
    expect(['first_approve', 'first_reject', 'final_approve', 'final_reject', 'cancel', 'abort', 'resubmit',
      'mark_expired', 'close_recruitment'].every(isMove)).toBe(true)
    expect(isMove('edit')).toBe(false)
    expect(isMove(undefined)).toBe(false)
  })

  it('asks for the reason a cancellation needs and sends it', async () => {
    const done = runMove('cancel', { id: 3, title: '陪长者复诊' }, '取消')
    const prompt = await box()
    expect(prompt.textContent).toContain('取消：陪长者复诊')
    const input = prompt.querySelector('textarea') as HTMLTextAreaElement
    input.value = '  长者已住院  '
    input.dispatchEvent(new Event('input'))
    await flushPromises()
    button(prompt, '确定').click()
    expect(await done).toBe(true)
    expect(sent).toEqual([{ method: 'POST', path: '/api/v1/orders/3/cancel', body: { reason: '长者已住院' } }])
  })

  it('sends nothing when the confirmation is declined', async () => {
    const done = runMove('first_approve', { id: 3, title: '陪长者复诊' }, '初审通过')
    const question = await box()
    expect(question.textContent).toContain('确定初审通过吗')
    button(question, '取消').click()
    expect(await done).toBe(false)
    expect(sent).toEqual([])
  })
})
