const { renderPage, text, tap, flush } = require('../../helpers')
const { envelope } = require('../../wx')
const fx = require('../../fixtures/vol2a')

const server = () => global.wx.__server

describe('pages/inbox (消息 tab)', () => {
  beforeEach(() => {
    server().on('GET /inbox/unread-count', { unread: 0 })
  })

  test('lists messages newest first with unread ones marked', async () => {
    server().on('GET /inbox', fx.answers['GET /inbox'])
    const page = await renderPage('pages/inbox/index')
    expect(text(page)).toContain('报名成功')
    expect(text(page)).toContain('您已成为华农社区志愿者')
    expect(page.querySelectorAll('.message--unread')).toHaveLength(1)
    expect(page.querySelector('.message--unread').dom.textContent).toContain('未读')
  })

  test('onShow reloads the list', async () => {
    server().on('GET /inbox', fx.answers['GET /inbox'])
    const page = await renderPage('pages/inbox/index')
    const before = server().callsTo('GET /inbox').length
    await page.instance.onShow()
    expect(server().callsTo('GET /inbox').length).toBe(before + 1)
  })

  test('tapping an unread message marks it read, refreshes the badge and opens its page', async () => {
    server().on('GET /inbox', fx.answers['GET /inbox'])
    server().on('POST /inbox/{item_id}/read', fx.answers['POST /inbox/{item_id}/read'])
    server().on('GET /inbox/unread-count', { unread: 2 })
    const page = await renderPage('pages/inbox/index')
    await tap(page, '.message', 'tap')
    expect(server().last('POST /inbox/{item_id}/read').params.item_id).toBe('81')
    expect(global.wx.setTabBarBadge).toHaveBeenCalledWith(expect.objectContaining({ index: 3, text: '2' }))
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/volunteer/activity/index?id=301' })
    expect(page.querySelectorAll('.message--unread')).toHaveLength(0)
  })

  test('a read message pointing at a tab page switches tabs without marking it again', async () => {
    server().on('GET /inbox', fx.answers['GET /inbox'])
    const page = await renderPage('pages/inbox/index')
    await page.instance.onOpen({ currentTarget: { dataset: { index: 1 } } })
    expect(server().callsTo('POST /inbox/{item_id}/read')).toHaveLength(0)
    expect(global.wx.switchTab).toHaveBeenCalledWith({ url: '/pages/mine/index' })
  })

  test('a message without a page only gets marked read', async () => {
    server().on('GET /inbox', [fx.inboxItem({ page: null })])
    server().on('POST /inbox/{item_id}/read', fx.answers['POST /inbox/{item_id}/read'])
    const page = await renderPage('pages/inbox/index')
    await tap(page, '.message', 'tap')
    expect(server().callsTo('POST /inbox/{item_id}/read')).toHaveLength(1)
    expect(global.wx.navigateTo).not.toHaveBeenCalled()
  })

  test('全部已读 marks everything, reloads and clears the badge', async () => {
    server().on('GET /inbox', fx.answers['GET /inbox'])
    server().on('POST /inbox/read-all', fx.answers['POST /inbox/read-all'])
    const page = await renderPage('pages/inbox/index')
    server().on('GET /inbox', [fx.inboxItem({ read_at: '2026-11-22T02:00:00+00:00' })])
    await tap(page, '#read-all', 'click')
    await flush()
    expect(server().callsTo('POST /inbox/read-all')).toHaveLength(1)
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已全部标为已读' }))
    expect(global.wx.removeTabBarBadge).toHaveBeenCalled()
    expect(page.querySelectorAll('.message--unread')).toHaveLength(0)
  })

  test('a failing 全部已读 shows the message', async () => {
    server().on('GET /inbox', fx.answers['GET /inbox'])
    server().on('POST /inbox/read-all', { status: 500, body: envelope(500, 'server_error', '服务器开小差了，请稍后再试') })
    const page = await renderPage('pages/inbox/index')
    await tap(page, '#read-all', 'click')
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '服务器开小差了，请稍后再试' }))
    expect(page.data.busy).toBe(false)
  })

  test('reaching the bottom of a full page asks for before_id of the last row', async () => {
    const full = Array.from({ length: 20 }, (_, i) => fx.inboxItem({ id: 200 - i }))
    server().on('GET /inbox', (req) => (req.query.before_id ? [fx.inboxItem({ id: 10, title: '最早的消息' })] : full))
    const page = await renderPage('pages/inbox/index')
    await page.instance.onReachBottom()
    await flush()
    expect(server().last('GET /inbox').query).toEqual({ limit: '20', before_id: '181' })
    expect(text(page)).toContain('最早的消息')
    await page.instance.onPullDownRefresh()
    expect(page.data.items).toHaveLength(20)
  })

  test('empty inbox and a network error with retry', async () => {
    server().on('GET /inbox', [])
    let page = await renderPage('pages/inbox/index')
    expect(text(page)).toContain('暂无消息')
    global.wx.__offline = true
    page = await renderPage('pages/inbox/index')
    expect(text(page)).toContain('网络不给力')
    global.wx.__offline = false
    server().on('GET /inbox', fx.answers['GET /inbox'])
    await page.instance.onListRetry()
    await flush()
    expect(text(page)).toContain('报名成功')
  })
})
