import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setAccessToken } from '@/api/token'
import ExportButton from '@/shared/ExportButton.vue'
import { dispositionName } from '@/shared/exportJob'

// The browser's fetch is the only thing stubbed: the real client (client.ts, its token and error
// handling) runs, and the component sees exactly what the API would answer.
interface Seen { method: string; path: string; body: unknown; auth: string | null }

function job(status: string, percent: number, extra: Record<string, unknown> = {}) {
  return { id: 7, kind: 'orders', kind_label: 'V订单记录', status, status_label: status, percent,
    rows_done: percent, rows_total: 100, error: null, filename: 'V订单记录_20261208.xlsx', ...extra }
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

let seen: Seen[]
let answers: Record<string, Array<() => Response>>

function stubApi(routes: Record<string, Array<() => Response>>): void {
  answers = routes
  vi.stubGlobal('fetch', vi.fn(async (input: Request) => {
    const path = new URL(input.url).pathname
    const body = input.method === 'POST' ? await input.clone().text() : null
    seen.push({ method: input.method, path, body: body ? JSON.parse(body) : null, auth: input.headers.get('Authorization') })
    const queue = answers[`${input.method} ${path}`]
    if (!queue?.length) return json({ error: 'not_found', message: '不存在' }, 404)
    return (queue.length > 1 ? queue.shift()! : queue[0])()
  }))
}

const polls = () => seen.filter((s) => s.method === 'GET' && s.path === '/api/v1/exports/7').length

let wrapper: VueWrapper | null = null

function mountButton(): VueWrapper {
  wrapper = mount(ExportButton, {
    props: { kind: 'orders', filters: { title: '探访', street: '', status: undefined, service_from: '2026-12-01' } },
    global: { plugins: [ElementPlus], stubs: { RouterLink: { template: '<a><slot /></a>' } } },
    attachTo: document.body,
  })
  return wrapper
}

const dialogText = () => document.body.querySelector('[data-test="export-dialog"]')?.textContent ?? ''

beforeEach(() => {
  vi.useFakeTimers()
  seen = []
  setAccessToken('token-1')
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('ExportButton', () => {
  it('starts the export with the compacted filters and polls every second until done, then stops', async () => {
    stubApi({
      'POST /api/v1/exports': [() => json(job('queued', 0), 202)],
      'GET /api/v1/exports/7': [() => json(job('running', 40)), () => json(job('done', 100))],
    })
    const w = mountButton()
    await w.get('[data-test="export"]').trigger('click')
    await flushPromises()
    expect(seen[0]).toEqual({ method: 'POST', path: '/api/v1/exports', auth: 'Bearer token-1',
      body: { kind: 'orders', filters: { title: '探访', service_from: '2026-12-01' } } })
    expect(dialogText()).toContain('排队中')
    expect(polls()).toBe(0)

    await vi.advanceTimersByTimeAsync(1000)
    expect(polls()).toBe(1)
    expect(dialogText()).toContain('已写入 40 / 100 行')
    expect(document.body.querySelector('[data-test="export-download"]')).toBeNull()

    await vi.advanceTimersByTimeAsync(1000)
    expect(polls()).toBe(2)
    expect(dialogText()).toContain('导出完成')
    expect(document.body.querySelector('[data-test="export-progress"]')?.textContent).toContain('100%')
    expect(document.body.querySelector('[data-test="export-download"]')).not.toBeNull()

    await vi.advanceTimersByTimeAsync(10_000)
    expect(polls()).toBe(2) // done: nothing more to ask
  })

  it('shows 100% and 下载 at once when the job finished inside the POST (eager workers), without polling', async () => {
    stubApi({ 'POST /api/v1/exports': [() => json(job('done', 100), 202)] })
    const w = mountButton()
    await w.get('[data-test="export"]').trigger('click')
    await flushPromises()
    expect(document.body.querySelector('[data-test="export-download"]')).not.toBeNull()
    await vi.advanceTimersByTimeAsync(5000)
    expect(polls()).toBe(0)
  })

  it('stops polling when unmounted mid-export', async () => {
    stubApi({
      'POST /api/v1/exports': [() => json(job('queued', 0), 202)],
      'GET /api/v1/exports/7': [() => json(job('running', 10))],
    })
    const w = mountButton()
    await w.get('[data-test="export"]').trigger('click')
    await flushPromises()
    await vi.advanceTimersByTimeAsync(2000)
    expect(polls()).toBe(2)
    w.unmount()
    wrapper = null
    await vi.advanceTimersByTimeAsync(10_000)
    expect(polls()).toBe(2)
  })

  it('shows the failure and retries it, then follows the job again', async () => {
    stubApi({
      'POST /api/v1/exports': [() => json(job('failed', 0, { error: '导出失败：数据库繁忙，请重试' }), 202)],
      'POST /api/v1/exports/7/retry': [() => json(job('queued', 0), 202)],
      'GET /api/v1/exports/7': [() => json(job('done', 100))],
    })
    const w = mountButton()
    await w.get('[data-test="export"]').trigger('click')
    await flushPromises()
    expect(dialogText()).toContain('导出失败：数据库繁忙，请重试')
    ;(document.body.querySelector('[data-test="export-retry"]') as HTMLButtonElement).click()
    await flushPromises()
    expect(seen.some((s) => s.method === 'POST' && s.path === '/api/v1/exports/7/retry')).toBe(true)
    await vi.advanceTimersByTimeAsync(1000)
    expect(document.body.querySelector('[data-test="export-download"]')).not.toBeNull()
  })

  it('says clearly when too many exports are under way (429 export_limit_reached)', async () => {
    stubApi({
      'POST /api/v1/exports': [() => json({ code: 429, error: 'export_limit_reached',
        message: '同时进行的导出最多 3 个，请等已有的导出完成后再试' }, 429)],
    })
    const w = mountButton()
    await w.get('[data-test="export"]').trigger('click')
    await flushPromises()
    const refusal = document.body.querySelector('[data-test="export-refusal"]')?.textContent ?? ''
    expect(refusal).toContain('同时进行的导出最多 3 个')
    expect(dialogText()).toContain('查看导出记录')
    await vi.advanceTimersByTimeAsync(5000)
    expect(seen).toHaveLength(1)
  })

  it('names the filter the API refused (422)', async () => {
    stubApi({
      'POST /api/v1/exports': [() => json({ code: 422, error: 'invalid_input', message: '筛选条件有误',
        errors: { 'filters.service_to': ['服务时间止不能早于服务时间起'] } }, 422)],
    })
    const w = mountButton()
    await w.get('[data-test="export"]').trigger('click')
    await flushPromises()
    expect(document.body.querySelector('[data-test="export-refusal"]')?.textContent)
      .toContain('筛选条件有误：服务时间止不能早于服务时间起')
  })

  it('downloads with the Authorization header and saves the Blob under the Chinese name', async () => {
    stubApi({
      'POST /api/v1/exports': [() => json(job('done', 100), 202)],
      'GET /api/v1/exports/7/file': [() => new Response(new Blob(['PK']), {
        status: 200, headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } })],
    })
    const created = vi.fn((_blob: Blob) => 'blob:export-7')
    const { createObjectURL, revokeObjectURL } = URL
    Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() })
    const clicked: string[] = []
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(`${this.download} ${this.href}`)
    })
    const w = mountButton()
    await w.get('[data-test="export"]').trigger('click')
    await flushPromises()
    ;(document.body.querySelector('[data-test="export-download"]') as HTMLButtonElement).click()
    await flushPromises()
    const file = seen.find((s) => s.path === '/api/v1/exports/7/file')
    expect(file?.auth).toBe('Bearer token-1')
    expect(created).toHaveBeenCalledOnce()
    expect(clicked).toEqual(['V订单记录_20261208.xlsx blob:export-7'])
    click.mockRestore()
    Object.assign(URL, { createObjectURL, revokeObjectURL })
  })

  it('reads the UTF-8 name from Content-Disposition', () => {
    expect(dispositionName(`attachment; filename="orders.xlsx"; filename*=UTF-8''${encodeURIComponent('V订单记录_1.xlsx')}`))
      .toBe('V订单记录_1.xlsx')
    expect(dispositionName('attachment; filename="orders.xlsx"')).toBe('orders.xlsx')
  })
})
