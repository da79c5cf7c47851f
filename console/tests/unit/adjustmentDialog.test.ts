import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus, { ElForm, ElInput, ElInputNumber } from 'element-plus'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import AdjustmentDialog from '@/console/views/association/AdjustmentDialog.vue'

// The API is not running here: fetch answers as the API does, and records what the dialog sent.
const sent: Array<Record<string, unknown>> = []
let answers: Array<{ status: number; body: unknown }> = []

beforeEach(() => {
  sent.length = 0
  answers = []
  vi.stubGlobal('fetch', vi.fn(async (request: Request) => {
    sent.push(JSON.parse(await request.text()))
    const answer = answers.shift() ?? { status: 500, body: {} }
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'Content-Type': 'application/json' } })
  }))
})
afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

function mountDialog() {
  return mount(AdjustmentDialog, {
    props: { modelValue: true },
    global: { plugins: [ElementPlus] },
    attachTo: document.body,
  })
}

/** Whether the dialog last asked its parent to close. */
function closed(wrapper: ReturnType<typeof mount>): boolean {
  return wrapper.emitted<[boolean]>('update:modelValue')?.at(-1)?.[0] === false
}

async function fill(wrapper: ReturnType<typeof mount>, id: number, points: number, reason: string) {
  const [account, amount] = wrapper.findAllComponents(ElInputNumber)
  account.vm.$emit('update:modelValue', id)
  amount.vm.$emit('update:modelValue', points)
  const textarea = wrapper.findAllComponents(ElInput).find((c) => c.props('type') === 'textarea')!
  textarea.vm.$emit('update:modelValue', reason)
  await nextTick()
}

async function submitAndConfirm(wrapper: ReturnType<typeof mount>, confirm = true) {
  // A closed box may linger in happy-dom (its leave transition never ends): answer the newest one.
  const before = document.querySelectorAll('.el-message-box').length
  const calls = sent.length
  await wrapper.findComponent(ElForm).trigger('submit')
  await flushPromises()
  await vi.waitFor(() => expect(document.querySelectorAll('.el-message-box').length).toBe(before + 1))
  const box = Array.from(document.querySelectorAll('.el-message-box')).at(-1)!
  expect(box.textContent).toMatch(/确定为 (组织|用户) #\d+ 调整 [+−]\d+ 积分？/)
  const buttons = Array.from(box.querySelectorAll<HTMLButtonElement>('.el-message-box__btns button'))
  buttons.find((b) => b.textContent?.trim() === (confirm ? '确定' : '取消'))!.click()
  if (confirm) await vi.waitFor(() => expect(sent.length).toBe(calls + 1))
  await new Promise((r) => setTimeout(r, 50))
  await flushPromises()
  await nextTick()
}

/** The error Element Plus shows under the form item labelled `label`. */
async function errorUnder(label: string): Promise<string> {
  let text = ''
  await vi.waitFor(() => {
    const item = Array.from(document.querySelectorAll('.el-form-item'))
      .find((i) => i.querySelector('.el-form-item__label')?.textContent?.includes(label))!
    text = item.querySelector('.el-form-item__error')?.textContent ?? ''
    expect(text).not.toBe('')
  })
  return text
}

const BELOW_ZERO = {
  code: 422, error: 'points_below_zero', message: '调减后积分余额不能小于 0：当前余额 5 积分，最多可调减 5 积分',
  errors: { amount: ['调减后积分余额不能小于 0：当前余额 5 积分，最多可调减 5 积分'] },
}
const BOOKED = { id: 9, amount: 5, reason: '补录', balance: 10, replayed: false, account: {}, booked_by: {} }

describe('新增调整', () => {
  it('asks for the id, the points and a reason in place, and sends nothing without them', async () => {
    const wrapper = mountDialog()
    await nextTick()
    await wrapper.findComponent(ElForm).trigger('submit')
    await flushPromises()
    expect(await errorUnder('组织 ID')).toContain('请填写组织 ID')
    expect(await errorUnder('调整积分')).toContain('请填写调整积分')
    expect(await errorUnder('原因')).toContain('请填写调整原因')
    expect(document.querySelector('.el-message-box')).toBeNull()
    expect(sent).toEqual([])
    wrapper.unmount()
  })

  it('keeps one request id across submits in one opening, and makes a new one on reopening', async () => {
    const wrapper = mountDialog()
    await nextTick()
    await fill(wrapper, 12, 100000, '多发积分冲正')
    wrapper.findAllComponents({ name: 'ElRadioGroup' })[1].vm.$emit('update:modelValue', 'take')
    await nextTick()

    answers.push({ status: 422, body: BELOW_ZERO })
    await submitAndConfirm(wrapper)
    expect(sent[0]).toMatchObject({ account_type: 'organisation', account_id: 12, amount: -100000, reason: '多发积分冲正' })
    // The below-zero message sits under 调整积分, and the dialog stays open.
    expect(await errorUnder('调整积分')).toContain('最多可调减 5 积分')
    expect(closed(wrapper)).toBe(false)

    await fill(wrapper, 12, 5, '多发积分冲正')
    answers.push({ status: 201, body: { ...BOOKED, amount: -5 } })
    await submitAndConfirm(wrapper)
    expect(sent[1]).toMatchObject({ amount: -5 })
    expect(sent[1].request_id).toBe(sent[0].request_id)
    expect(wrapper.emitted('booked')).toHaveLength(1)
    expect(closed(wrapper)).toBe(true)

    await wrapper.setProps({ modelValue: false })
    await wrapper.setProps({ modelValue: true })
    await nextTick()
    await fill(wrapper, 12, 5, '补录')
    answers.push({ status: 201, body: BOOKED })
    await submitAndConfirm(wrapper)
    expect(sent[2]).toMatchObject({ amount: 5, reason: '补录' })
    expect(sent[2].request_id).toMatch(/^[0-9a-f-]{36}$/)
    expect(sent[2].request_id).not.toBe(sent[0].request_id)
    wrapper.unmount()
  })

  it('sends nothing when the confirmation is cancelled, and shows 组织不存在 under the id', async () => {
    const wrapper = mountDialog()
    await nextTick()
    await fill(wrapper, 999999, 5, '补录')
    await submitAndConfirm(wrapper, false)
    expect(sent).toEqual([])
    answers.push({ status: 404, body: { code: 404, error: 'organisation_not_found', message: '组织不存在' } })
    await submitAndConfirm(wrapper)
    expect(await errorUnder('组织 ID')).toContain('组织不存在')
    wrapper.unmount()
  })
})
