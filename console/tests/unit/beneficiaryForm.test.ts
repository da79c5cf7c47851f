import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import BeneficiaryForm from '@/console/views/station/BeneficiaryForm.vue'

// The network is the only thing replaced: the form, its hint and the client run for real.
type Handler = (url: URL, request: Request) => Response | undefined
let handler: Handler
const requests: Array<{ method: string; path: string; body: unknown }> = []

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

beforeEach(() => {
  // Relative API paths need a page address to resolve against.
  ;(window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL('http://localhost/console/')
  requests.length = 0
  handler = () => undefined
  vi.stubGlobal('fetch', async (input: Request) => {
    const url = new URL(input.url)
    const body = input.method === 'GET' ? undefined : await input.clone().json().catch(() => undefined)
    requests.push({ method: input.method, path: url.pathname, body })
    return handler(url, input) ?? json(200, [])
  })
})
afterEach(() => vi.unstubAllGlobals())

/** Element Plus shows a form item's error after a 100 ms debounce. */
async function settle(): Promise<void> {
  await flushPromises()
  await new Promise((resolve) => setTimeout(resolve, 150))
  await flushPromises()
}

function mountForm() {
  return mount(BeneficiaryForm, {
    global: { plugins: [ElementPlus], stubs: { transition: false, 'transition-group': false } }, attachTo: document.body })
}

function idField(wrapper: ReturnType<typeof mountForm>) {
  return field(wrapper, 'b-id-card')
}

/** Element Plus puts an el-input's attributes on its <input>. */
function field(wrapper: ReturnType<typeof mountForm>, name: string) {
  return wrapper.find(`input[data-test="${name}"], [data-test="${name}"] input`)
}

// Mounting the whole form with Element Plus takes seconds in happy-dom on a busy machine.
describe('BeneficiaryForm', { timeout: 60000 }, () => {
  it('hints at a wrong check character once the field is left, and not for a valid number', async () => {
    const wrapper = mountForm()
    await idField(wrapper).setValue('110105194912310021')
    await settle()
    expect(wrapper.text()).not.toContain('校验位不正确') // not while typing
    await idField(wrapper).trigger('blur')
    await settle()
    expect(wrapper.text()).toContain('身份证号码校验位不正确，请核对')
    await idField(wrapper).setValue('11010519491231002X')
    await settle()
    expect(wrapper.text()).not.toContain('校验位不正确')
    wrapper.unmount()
  })

  it('reads sex and age from a valid number', async () => {
    const wrapper = mountForm()
    await idField(wrapper).setValue('11010519491231002X') // 17th digit 2: a woman, born 31 Dec 1949
    const vm = wrapper.vm as unknown as { $: { setupState: { form: { gender: string; age: number } } } }
    expect(vm.$.setupState.form.gender).toBe('female')
    const today = new Date()
    expect(vm.$.setupState.form.age).toBe(today.getFullYear() - 1949 - (today.getMonth() === 11 && today.getDate() === 31 ? 0 : 1))
    wrapper.unmount()
  })

  it('shows the API\'s field errors in place after a save', async () => {
    handler = (url, request) => (request.method === 'POST' && url.pathname === '/api/v1/beneficiaries'
      ? json(422, { code: 422, error: 'invalid_input', message: '表单有误',
        errors: { id_card_number: ['身份证号码与性别不一致'], community_code: ['所在社区须在本社工站所在街道内'] } })
      : undefined)
    const wrapper = mountForm()
    await field(wrapper, 'b-name').setValue('梁伯')
    await wrapper.find('form').trigger('submit')
    await settle()
    const posted = requests.find((r) => r.method === 'POST')
    expect(posted?.body).toMatchObject({ name: '梁伯', proof_upload_ids: [], remarks: null, self_care_level_code: null })
    const items = wrapper.findAll('.el-form-item')
    const errorOf = (label: string) => items.find((i) => i.find('label').exists() && i.find('label').text() === label)
      ?.find('.el-form-item__error').text()
    expect(errorOf('身份证号')).toBe('身份证号码与性别不一致')
    expect(errorOf('所在社区')).toBe('所在社区须在本社工站所在街道内')
    expect(wrapper.emitted('saved')).toBeUndefined()
    wrapper.unmount()
  })
})
