const { renderPage, text, tap, flush } = require('../../helpers')
const { answers, orderRow } = require('../../fixtures/staffb')
const { envelope } = require('../../wx')

const server = () => global.wx.__server
const PAGE = 'packages/station/orders/index'

describe('packages/station/orders', () => {
  test('shows the seed\'s columns of each order and asks for the first page of the tab', async () => {
    server().on('GET /orders', answers['GET /orders'])
    const page = await renderPage(PAGE, { tab: 'pending' })
    const shown = text(page)
    expect(shown).toContain('陪同黄婆婆复诊')
    expect(shown).toContain('44010626120509301512')
    expect(shown).toContain('为他人下单')
    expect(shown).toContain('服务对象：黄婆婆（440106********1234）')
    expect(shown).toContain('服务对象：李伯') // no ID number on this row
    expect(shown).toContain('招募人数：2 人，已录用 0 人')
    expect(shown).toContain('招募人数：3 人，已录用 1 人')
    expect(shown).toContain('陪同就医')
    expect(shown).toContain('五山街道')
    expect(shown).toContain('12-10 09:00–11:00') // Beijing time
    expect(shown).toContain('收到捐赠积分：12')
    expect(shown).toContain('待审核')
    expect(shown).toContain('待接单')
    expect(shown).toContain('天河区五山街道社工站')
    expect(shown).toContain('可操作：修改、初审通过、初审不通过、取消')
    expect(server().last('GET /orders').query).toEqual({ tab: 'pending', page: '1', page_size: '20' })
  })

  test('an unknown tab falls back to 全部; a status from the query is sent', async () => {
    server().on('GET /orders', answers['GET /orders'])
    await renderPage(PAGE, { tab: 'nope', status: 'to_evaluate' })
    expect(server().last('GET /orders').query).toEqual({ tab: 'all', status: 'to_evaluate', page: '1', page_size: '20' })
  })

  test('the workbench\'s 接单人待审核 queue keeps has_pending_takes on every reload until 看全部', async () => {
    server().on('GET /orders', answers['GET /orders'])
    const page = await renderPage(PAGE, { has_pending_takes: '1' })
    expect(server().last('GET /orders').query).toEqual({ tab: 'all', has_pending_takes: '1', page: '1', page_size: '20' })
    expect(text(page)).toContain('只看有接单人待审核的订单')
    await tap(page, '#tab-approved', 'tap')
    expect(server().last('GET /orders').query).toEqual({ tab: 'approved', has_pending_takes: '1', page: '1', page_size: '20' })
    await tap(page, '#clear-pending-takes', 'click')
    await flush()
    expect(server().last('GET /orders').query).toEqual({ tab: 'approved', page: '1', page_size: '20' })
    expect(text(page)).not.toContain('只看有接单人待审核的订单')
  })

  test('empty list says so', async () => {
    server().on('GET /orders', { items: [], total: 0, page: 1, page_size: 20 })
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('暂无订单')
  })

  test('a failed load shows the message and 重试 loads again', async () => {
    let fail = true
    server().on('GET /orders', () => (fail ? { status: 500, body: envelope(500, 'server_error', '服务器开小差了') } : answers['GET /orders']))
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('服务器开小差了')
    fail = false
    page.querySelector('#list').dispatchEvent('retry')
    await flush()
    expect(text(page)).toContain('陪同黄婆婆复诊')
  })

  test('tabs, title search and every filter reach the query', async () => {
    server().on('GET /orders', answers['GET /orders'])
    server().on('GET /catalogues/{kind}', answers['GET /catalogues/{kind}'])
    server().on('GET /regions', answers['GET /regions'])
    const page = await renderPage(PAGE)
    await tap(page, '#tab-first_approved', 'tap')
    expect(server().last('GET /orders').query.tab).toBe('first_approved')
    await page.instance.onSearch({ detail: ' 复诊 ' })
    expect(server().last('GET /orders').query.title).toBe('复诊')
    await tap(page, '#filters', 'click')
    await flush()
    expect(server().last('GET /catalogues/{kind}').params).toEqual({ kind: 'service_item' })
    expect(server().last('GET /regions').query).toEqual({ level: 'street' })
    expect(text(page)).toContain('服务项目')
    await page.instance.onServiceItem({ detail: { value: 2 } })
    await page.instance.onStreet({ detail: { value: 1 } })
    await page.instance.onFrom({ detail: { value: '2026-12-01' } })
    await page.instance.onTo({ detail: { value: '2026-12-31' } })
    await page.instance.onStatus({ detail: { value: 5 } })
    await flush()
    expect(server().last('GET /orders').query).toEqual({
      tab: 'first_approved', title: '复诊', service_item: 'haircut', street: '440106011',
      service_from: '2026-12-01', service_to: '2026-12-31', status: 'open', page: '1', page_size: '20',
    })
    expect(text(page)).toContain('义务理发')
    await tap(page, '#reset', 'click')
    expect(server().last('GET /orders').query).toEqual({ tab: 'first_approved', page: '1', page_size: '20' })
  })

  test('filter choices that fail to load say so', async () => {
    server().on('GET /orders', answers['GET /orders'])
    server().on('GET /catalogues/{kind}', { status: 500, body: envelope(500, 'server_error', '字典加载失败') })
    server().on('GET /regions', answers['GET /regions'])
    const page = await renderPage(PAGE)
    await tap(page, '#filters', 'click')
    await flush()
    expect(text(page)).toContain('字典加载失败')
  })

  test('pull-to-refresh reloads page 1; reaching the bottom asks for page 2', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => orderRow({ id: 400 + i, title: '订单' + i }))
    server().on('GET /orders', (req) => (req.query.page === '1'
      ? { items: rows, total: 21, page: 1, page_size: 20 }
      : { items: [orderRow({ id: 999, title: '最后一单' })], total: 21, page: 2, page_size: 20 }))
    const page = await renderPage(PAGE)
    await page.instance.onReachBottom()
    await flush()
    expect(server().last('GET /orders').query.page).toBe('2')
    expect(text(page)).toContain('最后一单')
    expect(text(page)).toContain('没有更多了')
    await page.instance.onPullDownRefresh()
    await flush()
    expect(server().last('GET /orders').query.page).toBe('1')
    expect(global.wx.stopPullDownRefresh).toHaveBeenCalled()
    expect(page.data.items).toHaveLength(20)
  })

  test('我要发单 opens the order form; a row opens the order', async () => {
    server().on('GET /orders', answers['GET /orders'])
    const page = await renderPage(PAGE)
    await tap(page, '#create', 'click')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/station/order-form/index' })
    await tap(page, '.order-row', 'tap')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/station/order/index?id=301' })
  })
})
