import { mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import type { Schemas } from '@/api/client'
import AttendanceSheet from '@/console/views/community/AttendanceSheet.vue'

function sheet(overrides: Partial<Schemas['AttendanceSheet']> = {}): Schemas['AttendanceSheet'] {
  return {
    activity_id: 7, title: '重阳节探访社区长者', confirmable: true, max_hours: 2, confirmed_count: 1, attended_count: 1,
    total_hours: 2,
    items: [
      { signup_id: 1, volunteer_id: 11, name: '张三', phone: '138****0001', state: 'attended', state_label: '已到', hours: 2 },
      { signup_id: 2, volunteer_id: 12, name: '李四', phone: '138****0002', state: 'unconfirmed', state_label: '未确认', hours: null },
      { signup_id: 3, volunteer_id: 13, name: '王五', phone: '138****0003', state: 'absent', state_label: '未到', hours: 0 },
    ],
    ...overrides,
  }
}

function mountSheet(s = sheet()) {
  return mount(AttendanceSheet, { props: { sheet: s }, global: { plugins: [ElementPlus] }, attachTo: document.body })
}

const hours = (w: ReturnType<typeof mountSheet>, id: number) => w.get<HTMLInputElement>(`[data-test="hours-${id}"]`)

describe('AttendanceSheet', () => {
  it('starts from the saved sheet: hours of those who came, a choice still open for the unconfirmed', () => {
    const w = mountSheet()
    expect(hours(w, 11).element.value).toBe('2')
    expect(hours(w, 12).element.value).toBe('')
    expect(w.get<HTMLInputElement>('[data-test="attended-11"]').element.checked).toBe(true)
    expect(w.get<HTMLInputElement>('[data-test="absent-13"]').element.checked).toBe(true)
    expect(w.get<HTMLInputElement>('[data-test="attended-12"]').element.checked).toBe(false)
    expect(w.get<HTMLInputElement>('[data-test="absent-12"]').element.checked).toBe(false)
    w.unmount()
  })

  it('Tab and Shift+Tab move between the hour inputs; Tab on the last one leaves the sheet', async () => {
    const w = mountSheet()
    hours(w, 11).element.focus()
    await hours(w, 11).trigger('keydown', { key: 'Tab' })
    expect(document.activeElement).toBe(hours(w, 12).element)
    await hours(w, 12).trigger('keydown', { key: 'Tab' })
    expect(document.activeElement).toBe(hours(w, 13).element)
    await hours(w, 13).trigger('keydown', { key: 'Tab', shiftKey: true })
    expect(document.activeElement).toBe(hours(w, 12).element)
    // On the last input the browser's own Tab goes on (to the save button): the key is not swallowed.
    const last = new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true })
    hours(w, 13).element.dispatchEvent(last)
    expect(last.defaultPrevented).toBe(false)
    w.unmount()
  })

  it('typing hours marks the volunteer 已到, and Enter saves the whole sheet once', async () => {
    const w = mountSheet()
    await hours(w, 12).setValue('1.5')
    expect(w.get<HTMLInputElement>('[data-test="attended-12"]').element.checked).toBe(true)
    await w.get('form').trigger('submit')
    await nextTick()
    expect(w.emitted('save')).toEqual([[[
      { volunteer_id: 11, attended: true, hours: 2 },
      { volunteer_id: 12, attended: true, hours: 1.5 },
      { volunteer_id: 13, attended: false, hours: null },
    ]]])
    w.unmount()
  })

  it.each([
    ['3', '服务时长不能超过 2 小时'],
    ['1.2', '服务时长应以 0.5 小时为单位'],
    ['abc', '服务时长应为数字'],
    ['0', '服务时长应大于 0'],
  ])('refuses hours %s with “%s” on that row and sends nothing', async (value, message) => {
    const w = mountSheet()
    await w.get('[data-test="attended-12"]').setValue(true)
    await hours(w, 12).setValue(value)
    await w.get('form').trigger('submit')
    await nextTick()
    expect(w.emitted('save')).toBeUndefined()
    expect(w.get('[data-test="row-12"]').text()).toContain(message)
    expect(document.activeElement).toBe(hours(w, 12).element)
    w.unmount()
  })

  it('asks for a choice for everyone and for the hours of those who came', async () => {
    const w = mountSheet()
    await w.get('form').trigger('submit')
    expect(w.get('[data-test="row-12"]').text()).toContain('请选择已到或未到')
    await w.get('[data-test="attended-12"]').setValue(true)
    await w.get('form').trigger('submit')
    expect(w.get('[data-test="row-12"]').text()).toContain('请填写服务时长')
    expect(w.emitted('save')).toBeUndefined()
    w.unmount()
  })

  it('marking a volunteer 未到 clears the hours; 全部已到 fills the cap for empty rows', async () => {
    const w = mountSheet()
    await w.get('[data-test="absent-11"]').setValue(true)
    expect(hours(w, 11).element.value).toBe('')
    await w.get('[data-test="all-attended"]').trigger('click')
    expect(hours(w, 11).element.value).toBe('2')
    expect(hours(w, 13).element.value).toBe('2')
    w.unmount()
  })

  it('shows the API’s errors on their rows', () => {
    const w = mount(AttendanceSheet, { props: { sheet: sheet(), serverErrors: { 'items.2.hours': '未到的志愿者不能填写服务时长' } },
      global: { plugins: [ElementPlus] } })
    expect(w.get('[data-test="row-13"]').text()).toContain('未到的志愿者不能填写服务时长')
    w.unmount()
  })

  it('locks the sheet when the API says it cannot be confirmed', () => {
    const w = mountSheet(sheet({ confirmable: false, not_confirmable_reason: '活动尚未开始' }))
    expect(hours(w, 11).attributes('disabled')).toBeDefined()
    expect(w.get('[data-test="save-attendance"]').attributes('disabled')).toBeDefined()
    w.unmount()
  })
})
