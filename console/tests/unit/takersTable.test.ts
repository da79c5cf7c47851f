import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import TakersTable from '@/console/views/station/TakersTable.vue'

let answer: () => Response
const asked: string[] = []

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

beforeEach(() => {
  // Relative API paths need a page address to resolve against.
  ;(window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL('http://localhost/console/')
  asked.length = 0
  vi.stubGlobal('fetch', async (input: Request) => {
    asked.push(`${input.method} ${new URL(input.url).pathname}${new URL(input.url).search}`)
    return answer()
  })
})
afterEach(() => vi.unstubAllGlobals())

const mountTable = () => mount(TakersTable, { props: { orderId: 7 }, global: { plugins: [ElementPlus] } })

describe('TakersTable', () => {
  it('lists the takers and offers review only where the API lists it', async () => {
    answer = () => json(200, [
      { id: 1, order_id: 7, taker_type: 'volunteer', name: '陈晓明', phone: '139****0001', status: 'pending',
        created_at: '2026-12-08T02:00:00Z', actions: ['approve', 'reject'] },
      { id: 2, order_id: 7, taker_type: 'provider', name: '天河青年志愿服务队', phone: null, status: 'approved',
        created_at: '2026-12-08T03:00:00Z', reviewed_at: '2026-12-08T04:00:00Z', actions: [] },
    ])
    const wrapper = mountTable()
    await flushPromises()
    expect(asked).toEqual(['GET /api/v1/orders/7/takes'])
    const rows = wrapper.findAll('.el-table__body tr')
    expect(rows).toHaveLength(2)
    expect(rows[0].text()).toContain('陈晓明')
    expect(rows[0].text()).toContain('待审核')
    expect(rows[0].text()).toContain('2026-12-08 10:00') // Beijing time
    expect(rows[1].text()).toContain('接单服务商')
    expect(rows[1].text()).toContain('审核通过')
    expect(wrapper.findAll('[data-test="take-approve"]')).toHaveLength(1)
    expect(wrapper.findAll('[data-test="take-reject"]')).toHaveLength(1)
  })

  it('says 暂无数据 when nobody took the order, and shows the API\'s refusal', async () => {
    answer = () => json(200, [])
    const empty = mountTable()
    await flushPromises()
    expect(empty.text()).toContain('暂无数据')

    answer = () => json(404, { code: 404, error: 'order_not_found', message: '订单不存在' })
    const refused = mountTable()
    await flushPromises()
    expect(refused.text()).toContain('订单不存在')
  })
})
