const { renderPage, text, tap, flush } = require('../../helpers')
const { me } = require('../../fixtures/common')
const { answers, staff } = require('../../fixtures/staffa')
const { envelope } = require('../../wx')

const server = () => global.wx.__server

describe('pages/work (工作台)', () => {
  test('shows only the caller\'s queues with counts and the station\'s quick links', async () => {
    server().on('GET /me', staff())
    server().on('GET /workbench', answers['GET /workbench'])
    const page = await renderPage('pages/work/index')
    const shown = text(page)
    expect(shown).toContain('服务对象待审核')
    expect(shown).toContain('V订单待初审')
    expect(shown).toContain('接单人待审核')
    expect(shown).toContain('录入服务对象')
    expect(shown).toContain('我要发单')
    expect(shown).not.toContain('暂无待办')
    expect(page.data.queues.map((q) => q.count)).toEqual([2, 1, 3, 0])
  })

  test('each queue opens the page where its rows wait', async () => {
    server().on('GET /me', staff())
    server().on('GET /workbench', answers['GET /workbench'])
    const page = await renderPage('pages/work/index')
    await tap(page, '#queue-beneficiaries_pending', 'click')
    expect(global.wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/station/beneficiaries/index?status=pending' })
    await tap(page, '#queue-orders_first_review', 'click')
    expect(global.wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/station/orders/index?tab=pending' })
    await tap(page, '#queue-takes_pending', 'click')
    expect(global.wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/station/orders/index?has_pending_takes=1' })
    await tap(page, '#queue-orders_to_certify', 'click')
    expect(global.wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/station/certifications/index' })
    await tap(page, '#link-order-new', 'click')
    expect(global.wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/station/order-form/index' })
  })

  test('association queues lead to the association pages; unknown keys still show label and count', async () => {
    server().on('GET /me', me({}, ['association']))
    server().on('GET /workbench', { queues: [
      { key: 'orders_final_review', label: 'V订单待终审', count: 4 },
      { key: 'certifications_pending', label: '时数认证待审核', count: 1 },
      { key: 'something_new', label: '新的待办', count: 5 },
    ] })
    const page = await renderPage('pages/work/index')
    expect(text(page)).toContain('新的待办')
    expect(text(page)).toContain('5')
    expect(text(page)).not.toContain('录入服务对象')
    await tap(page, '#queue-orders_final_review', 'click')
    expect(global.wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/association/orders/index?tab=first_approved' })
    await tap(page, '#queue-certifications_pending', 'click')
    expect(global.wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/association/certifications/index' })
    global.wx.navigateTo.mockClear()
    await tap(page, '#queue-something_new', 'click')
    expect(global.wx.navigateTo).not.toHaveBeenCalled()
  })

  test('no queues: 暂无待办', async () => {
    server().on('GET /me', staff())
    server().on('GET /workbench', { queues: [] })
    const page = await renderPage('pages/work/index')
    expect(text(page)).toContain('暂无待办')
  })

  test('a failure shows the message and 重试 works; pull-to-refresh reloads counts', async () => {
    server().on('GET /me', staff())
    server().on('GET /workbench', { status: 500, body: envelope(500, 'server_error', '服务器开小差了，请稍后再试') })
    const page = await renderPage('pages/work/index')
    expect(text(page)).toContain('服务器开小差了，请稍后再试')
    server().on('GET /workbench', answers['GET /workbench'])
    await tap(page, '#retry', 'click')
    expect(text(page)).toContain('服务对象待审核')
    server().on('GET /workbench', { queues: [{ key: 'beneficiaries_pending', label: '服务对象待审核', count: 9 }] })
    await page.instance.onPullDownRefresh()
    await flush()
    expect(page.data.queues[0].count).toBe(9)
    expect(global.wx.stopPullDownRefresh).toHaveBeenCalled()
  })
})
