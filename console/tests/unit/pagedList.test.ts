import { mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import PagedTable from '@/shared/PagedTable.vue'
import { compact, usePagedList } from '@/shared/usePagedList'

function deferred<T>() {
  let resolve!: (v: T) => void
  const promise = new Promise<T>((r) => { resolve = r })
  return { promise, resolve }
}

describe('usePagedList', () => {
  it('lets the latest request win when answers arrive out of order', async () => {
    const answers = [deferred<{ items: string[]; total: number }>(), deferred<{ items: string[]; total: number }>()]
    let call = 0
    const list = usePagedList(() => answers[call++].promise, { q: '' })
    const first = list.reload()
    const second = list.reload()
    answers[1].resolve({ items: ['new'], total: 1 })
    await second
    answers[0].resolve({ items: ['old'], total: 9 })
    await first
    expect(list.rows.value).toEqual(['new'])
    expect(list.total.value).toBe(1)
    expect(list.loading.value).toBe(false)
  })

  it('shows the API message on failure and an empty table', async () => {
    const { ApiError } = await import('@/api/client')
    const list = usePagedList(() => Promise.reject(new ApiError(403, { error: 'forbidden', message: '没有权限执行此操作' })), {})
    await list.reload()
    expect(list.error.value).toBe('没有权限执行此操作')
    expect(list.rows.value).toEqual([])
  })

  it('search goes back to page 1 and reset restores the filters', async () => {
    const seen: Array<{ page: number; q: string }> = []
    const list = usePagedList(async ({ page, filters }) => {
      seen.push({ page, q: filters.q })
      return { items: [], total: 100 }
    }, { q: '' })
    list.page.value = 4
    list.filters.q = '探访'
    await list.search()
    await list.reset()
    expect(seen).toEqual([{ page: 1, q: '探访' }, { page: 1, q: '' }])
  })

  it('compact drops empty filters', () => {
    expect(compact({ a: '', b: null, c: undefined, d: 0, e: 'x' })).toEqual({ d: 0, e: 'x' })
  })
})

describe('PagedTable', () => {
  it('pages with 首页 / 上页 / 下页 / 末页 and disables them at the ends', async () => {
    const pages: number[] = []
    const list = usePagedList(async ({ page }) => {
      pages.push(page)
      return { items: [{ id: page }], total: 35 }
    }, {})
    await list.reload()
    const wrapper = mount(PagedTable, { props: { list }, global: { plugins: [ElementPlus] } })
    const button = (name: string) => wrapper.findAll('button').find((b) => b.text() === name)!
    expect(wrapper.text()).toContain('第 1 / 4 页')
    expect(button('首页').attributes('disabled')).toBeDefined()
    await button('末页').trigger('click')
    await nextTick()
    await nextTick()
    expect(pages.at(-1)).toBe(4)
    expect(wrapper.text()).toContain('第 4 / 4 页')
    expect(button('下页').attributes('disabled')).toBeDefined()
    await button('上页').trigger('click')
    expect(pages.at(-1)).toBe(3)
  })
})
