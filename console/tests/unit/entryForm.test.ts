// The showcase entry form: which fields each kind asks for, and the API's field errors shown under the
// field they name. The network is faked at fetch level; the component, the client and the form helper are real.
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import EntryForm from '@/console/views/showcase/EntryForm.vue'

type Sent = { method: string; path: string; body: unknown }

function fakeApi(answer: (sent: Sent) => Response): Sent[] {
  const sent: Sent[] = []
  vi.stubGlobal('fetch', async (input: Request) => {
    const url = new URL(input.url)
    const text = input.method === 'GET' ? '' : await input.text()
    const call = { method: input.method, path: url.pathname, body: text ? JSON.parse(text) : undefined }
    sent.push(call)
    if (url.pathname === '/api/v1/regions') {
      const level = url.searchParams.get('level')
      return json(200, level === 'district' ? [{ code: '440106', name: '天河区' }] : [{ code: '440106001', name: '五山街道' }])
    }
    return answer(call)
  })
  return sent
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

function field(wrapper: ReturnType<typeof mount>, name: string) {
  return wrapper.find(`[data-test="field-${name}"]`)
}

afterEach(() => vi.unstubAllGlobals())

describe('EntryForm', () => {
  it('asks a professional volunteer for a profession and an affiliation, and no address', async () => {
    fakeApi(() => json(500, {}))
    const wrapper = mount(EntryForm, { props: { kind: 'professional' }, global: { plugins: [ElementPlus] } })
    await flushPromises()
    for (const name of ['region_code', 'name', 'profession', 'affiliation', 'introduction']) {
      expect(field(wrapper, name).classes(), name).toContain('is-required')
    }
    expect(field(wrapper, 'address').exists()).toBe(false)
    expect(field(wrapper, 'contact').classes()).not.toContain('is-required')
  })

  it('asks a service base for its address, and no profession', async () => {
    fakeApi(() => json(500, {}))
    const wrapper = mount(EntryForm, { props: { kind: 'base' }, global: { plugins: [ElementPlus] } })
    await flushPromises()
    expect(field(wrapper, 'address').classes()).toContain('is-required')
    expect(field(wrapper, 'profession').exists()).toBe(false)
    expect(field(wrapper, 'affiliation').exists()).toBe(false)
  })

  it('submits the form and shows the API field errors in place', async () => {
    const sent = fakeApi(() => json(422, { code: 422, status: 'Unprocessable Entity', error: 'invalid_input', message: '表单有误',
      errors: { address: ['该字段为必填项'], contact: ['公开联系方式不能是个人手机号，请填写办公电话、邮箱或地址'] } }))
    const wrapper = mount(EntryForm, { props: { kind: 'base' }, global: { plugins: [ElementPlus] } })
    await flushPromises()
    await field(wrapper, 'name').find('input').setValue('五山街道长者饭堂')
    await field(wrapper, 'contact').find('input').setValue('138 0013 8000')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    // Element Plus shows a form item's message 100 ms after its state turns to error (a debounce).
    await new Promise((done) => setTimeout(done, 150))
    await nextTick()

    const post = sent.find((s) => s.method === 'POST')!
    expect(post.path).toBe('/api/v1/showcase/entries')
    expect(post.body).toMatchObject({ kind: 'base', name: '五山街道长者饭堂', contact: '138 0013 8000', profession: null,
      user_id: null, photo_upload_ids: [] })
    expect(field(wrapper, 'address').find('.el-form-item__error').text()).toBe('该字段为必填项')
    expect(field(wrapper, 'contact').find('.el-form-item__error').text()).toContain('不能是个人手机号')
    expect(field(wrapper, 'name').find('.el-form-item__error').exists()).toBe(false)
    expect(wrapper.emitted('saved')).toBeUndefined()
  })

  it('edits an entry with PATCH, keeps its kind, and reports the saved entry', async () => {
    const entry = { id: 7, kind: 'team' as const, name: '党员服务队', introduction: '每周探访', region: { code: '440106', name: '天河区' },
      sort_order: 3, photo_upload_ids: [], organisation: { id: 12, name: '华农社区' }, is_active: true }
    const sent = fakeApi((call) => json(200, { ...entry, ...(call.body as object) }))
    const wrapper = mount(EntryForm, { props: { entry }, global: { plugins: [ElementPlus] } })
    await flushPromises()
    await field(wrapper, 'introduction').find('textarea').setValue('每周两次探访')
    await wrapper.find('form').trigger('submit')
    await flushPromises()

    const patch = sent.find((s) => s.method === 'PATCH')!
    expect(patch.path).toBe('/api/v1/showcase/entries/7')
    expect(patch.body).toMatchObject({ introduction: '每周两次探访', organisation_id: 12, region_code: '440106', sort_order: 3 })
    expect(patch.body).not.toHaveProperty('kind')
    expect(wrapper.emitted('saved')?.[0]?.[0]).toMatchObject({ id: 7, introduction: '每周两次探访' })
  })
})
