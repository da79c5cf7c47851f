const paging = require('../../utils/paging')
const { flush } = require('../helpers')

// A bare Component using the behaviour, so it is tested the way pages use it.
const simulate = require('miniprogram-simulate')

function listComponent(source) {
  const id = simulate.load({
    template: '<view wx:for="{{items}}" wx:key="id" class="row">{{item.name}}</view><view class="err">{{listError}}</view>',
    behaviors: [paging.listBehavior],
    methods: { decorate(item) { return Object.assign({}, item, { name: item.name.toUpperCase() }) } },
  })
  const comp = simulate.render(id)
  comp.attach(document.createElement('parent-wrapper'))
  comp.instance.source = source
  return comp
}

describe('paging adapters', () => {
  test('pageNumber asks for the next page until total is reached', async () => {
    const call = jest.fn((q) => Promise.resolve({ items: [{ id: q.page }], total: 41 }))
    const fetch = paging.pageNumber(call, { status: 'open' })
    expect(await fetch(null)).toEqual({ items: [{ id: 1 }], next: 2, total: 41 })
    expect(call).toHaveBeenLastCalledWith({ status: 'open', page: 1, page_size: 20 })
    expect((await fetch(3)).next).toBe(null) // 3 * 20 >= 41
  })

  test('pageNumber with another page size', async () => {
    const call = jest.fn(() => Promise.resolve({ items: [], total: 0 }))
    await paging.pageNumber(call, () => ({ q: 1 }), { size: 10 })(null)
    expect(call).toHaveBeenCalledWith({ q: 1, page: 1, page_size: 10 })
  })

  test('cursor passes next_cursor back', async () => {
    const call = jest.fn(() => Promise.resolve({ items: [{ id: 1 }], next_cursor: 'abc' }))
    const fetch = paging.cursor(call, {})
    expect((await fetch(null)).next).toBe('abc')
    await fetch('abc')
    expect(call).toHaveBeenLastCalledWith({ limit: 20, cursor: 'abc' })
  })

  test('beforeId uses next_before_id; beforeIdArray the last id of a full page', async () => {
    const obj = jest.fn(() => Promise.resolve({ items: [{ id: 9 }], next_before_id: 9 }))
    expect((await paging.beforeId(obj, {})(null)).next).toBe(9)
    await paging.beforeId(obj, {})(9)
    expect(obj).toHaveBeenLastCalledWith({ limit: 20, before_id: 9 })
    const full = Array.from({ length: 20 }, (_, i) => ({ id: 100 - i }))
    const arr = jest.fn(() => Promise.resolve(full))
    expect((await paging.beforeIdArray(arr, {})(null)).next).toBe(81)
    const short = jest.fn(() => Promise.resolve([{ id: 3 }]))
    expect((await paging.beforeIdArray(short, {})(null)).next).toBe(null)
  })
})

describe('listBehavior', () => {
  test('reload, load more, finished; decorate applies to new rows only', async () => {
    const pages = { null: { items: [{ id: 1, name: 'a' }], next: 2 }, 2: { items: [{ id: 2, name: 'b' }], next: null } }
    const comp = listComponent((next) => Promise.resolve(pages[next]))
    await comp.instance.reload()
    expect(comp.data.items).toEqual([{ id: 1, name: 'A' }])
    expect(comp.data.listFinished).toBe(false)
    await comp.instance.onReachBottom()
    expect(comp.data.items.map((i) => i.name)).toEqual(['A', 'B'])
    expect(comp.data.listFinished).toBe(true)
    await comp.instance.onReachBottom() // finished: nothing more is asked
    expect(comp.data.items).toHaveLength(2)
  })

  test('an answer to an older reload is dropped', async () => {
    let resolveSlow
    const comp = listComponent((next) => (next === null && !resolveSlow
      ? new Promise((r) => { resolveSlow = r })
      : Promise.resolve({ items: [{ id: 2, name: 'new' }], next: null })))
    const slow = comp.instance.reload()
    await comp.instance.reload()
    resolveSlow({ items: [{ id: 1, name: 'old' }], next: null })
    await slow
    await flush()
    expect(comp.data.items.map((i) => i.name)).toEqual(['NEW'])
  })

  test('a failed reload after rows were shown is retried as a reload, not appended', async () => {
    let fail = false
    const comp = listComponent(() => (fail ? Promise.reject(new Error('网络不给力')) : Promise.resolve({ items: [{ id: 1, name: 'a' }], next: 2 })))
    await comp.instance.reload()
    fail = true
    await comp.instance.onPullDownRefresh()
    expect(global.wx.stopPullDownRefresh).toHaveBeenCalled()
    expect(comp.data.listError).toBe('网络不给力')
    fail = false
    await comp.instance.onListRetry()
    expect(comp.data.items).toEqual([{ id: 1, name: 'A' }])
    expect(comp.data.listError).toBe('')
  })

  test('a failed next page is retried as the next page', async () => {
    let calls = 0
    const comp = listComponent((next) => {
      calls += 1
      if (next === 2 && calls === 2) return Promise.reject(new Error('x'))
      return Promise.resolve(next ? { items: [{ id: 2, name: 'b' }], next: null } : { items: [{ id: 1, name: 'a' }], next: 2 })
    })
    await comp.instance.reload()
    await comp.instance.loadMore()
    expect(comp.data.listError).toBe('x')
    await comp.instance.onListRetry()
    expect(comp.data.items.map((i) => i.id)).toEqual([1, 2])
  })
})

describe('reloadOnReturn', () => {
  test('the first show keeps what onLoad loaded; coming back reloads', async () => {
    const source = jest.fn(() => Promise.resolve({ items: [{ id: 1, name: 'a' }], next: null }))
    const id = simulate.load({ template: '<view/>', behaviors: [paging.listBehavior, paging.reloadOnReturn] })
    const comp = simulate.render(id)
    comp.attach(document.createElement('parent-wrapper'))
    comp.instance.source = source
    await comp.instance.reload()
    await comp.instance.onShow()
    expect(source).toHaveBeenCalledTimes(1)
    await comp.instance.onShow()
    expect(source).toHaveBeenCalledTimes(2)
  })
})
