const { renderPage, text, tap, flush } = require('../../helpers')
const { orderRow, action } = require('../../fixtures/staffb')
const { envelope } = require('../../wx')

const server = () => global.wx.__server

describe('packages/association/orders', () => {
  const PAGE = 'packages/association/orders/index'
  const queue = { items: [orderRow({ status: 'first_approved', status_label: '初审已通过', actions: [action('final_approve', '终审通过'), action('final_reject', '终审不通过')] })], total: 1, page: 1, page_size: 20 }

  test('asks for the 初审已通过 tab and shows the same columns as the station list', async () => {
    server().on('GET /orders', queue)
    const page = await renderPage(PAGE)
    expect(server().last('GET /orders').query).toEqual({ tab: 'first_approved', page: '1', page_size: '20' })
    const shown = text(page)
    ;['陪同黄婆婆复诊', '44010626120509301512', '为他人下单', '陪同就医', '五山街道', '12-10 09:00–11:00', '初审已通过',
      '天河区五山街道社工站', '可操作：终审通过、终审不通过', '服务对象：黄婆婆（440106********1234）',
      '招募人数：2 人，已录用 0 人'].forEach((s) => expect(shown).toContain(s))
  })

  test('title search; a row opens the order page; coming back reloads the queue', async () => {
    server().on('GET /orders', queue)
    const page = await renderPage(PAGE)
    await page.instance.onSearch({ detail: '复诊' })
    expect(server().last('GET /orders').query).toEqual({ tab: 'first_approved', title: '复诊', page: '1', page_size: '20' })
    await tap(page, '.order-row', 'tap')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/station/order/index?id=301' })
    const before = server().callsTo('GET /orders').length
    await page.instance.onShow()
    await flush()
    expect(server().callsTo('GET /orders')).toHaveLength(before + 1)
  })

  test('empty queue, and an error with retry', async () => {
    server().on('GET /orders', { items: [], total: 0, page: 1, page_size: 20 })
    let page = await renderPage(PAGE)
    expect(text(page)).toContain('暂无待终审的订单')
    let fail = true
    server().on('GET /orders', () => (fail ? { status: 403, body: envelope(403, 'forbidden', '没有权限') } : queue))
    page = await renderPage(PAGE)
    expect(text(page)).toContain('没有权限')
    fail = false
    page.querySelector('#list').dispatchEvent('retry')
    await flush()
    expect(text(page)).toContain('陪同黄婆婆复诊')
  })

  test('paging: the bottom asks for page 2, pull-to-refresh for page 1', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => orderRow({ id: 500 + i }))
    server().on('GET /orders', (req) => (req.query.page === '1' ? { items: rows, total: 25, page: 1, page_size: 20 } : { items: [orderRow({ id: 600, title: '第二页的单' })], total: 25, page: 2, page_size: 20 }))
    const page = await renderPage(PAGE)
    await page.instance.onReachBottom()
    await flush()
    expect(server().last('GET /orders').query).toEqual({ tab: 'first_approved', page: '2', page_size: '20' })
    expect(text(page)).toContain('第二页的单')
    await page.instance.onPullDownRefresh()
    expect(server().last('GET /orders').query.page).toBe('1')
  })
})
