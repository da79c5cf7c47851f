const { renderPage, text, tap } = require('../../helpers')
const { envelope } = require('../../wx')
const { answers } = require('../../fixtures/vol2b')

const server = () => global.wx.__server
const PAGE = 'packages/volunteer/help-mine/index'

describe('packages/volunteer/help-mine (我的求助)', () => {
  beforeEach(() => server().on('GET /help-requests/mine', answers['GET /help-requests/mine']))

  test('shows my requests with status, assigned volunteers and the decline reason', async () => {
    const page = await renderPage(PAGE)
    const shown = text(page)
    expect(shown).toContain('帮忙更换门锁')
    expect(shown).toContain('待安排')
    expect(shown).toContain('志愿者：李佳怡')
    expect(shown).toContain('不予受理')
    expect(shown).toContain('原因：请联系物业处理')
    expect(shown).toContain('期望时间 2026-12-20 10:00')
    // only the unassigned request can be withdrawn
    expect(page.querySelectorAll('.withdraw').length).toBe(1)
  })

  test('empty and error states; retry works', async () => {
    server().on('GET /help-requests/mine', { items: [], next_before_id: null })
    let page = await renderPage(PAGE)
    expect(text(page)).toContain('暂无求助')
    server().on('GET /help-requests/mine', { status: 500, body: envelope(500, 'internal_error', '服务器开小差了') })
    page = await renderPage(PAGE)
    expect(text(page)).toContain('服务器开小差了')
    server().on('GET /help-requests/mine', answers['GET /help-requests/mine'])
    await tap(page, '#list', 'retry')
    expect(text(page)).toContain('帮忙更换门锁')
  })

  test('paging with before_id; pull-down reloads', async () => {
    const page = await renderPage(PAGE)
    server().on('GET /help-requests/mine', { items: [], next_before_id: null })
    await page.instance.onReachBottom()
    expect(server().last('GET /help-requests/mine').query).toEqual({ limit: '20', before_id: '399' })
    await page.instance.onPullDownRefresh()
    expect(server().last('GET /help-requests/mine').query).toEqual({ limit: '20' })
  })

  test('tap opens the detail; 我要求助 opens the form', async () => {
    const page = await renderPage(PAGE)
    await tap(page, '.help-row', 'tap')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/volunteer/help/index?id=401' })
    await tap(page, '#new', 'click')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/volunteer/help-new/index' })
  })

  test('撤回 asks first, posts the withdrawal and updates the row', async () => {
    server().on('POST /help-requests/{request_id}/withdraw', answers['POST /help-requests/{request_id}/withdraw'])
    const page = await renderPage(PAGE)
    await tap(page, '.withdraw', 'click')
    expect(global.wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '撤回求助' }))
    const call = server().last('POST /help-requests/{request_id}/withdraw')
    expect(call.params).toEqual({ request_id: '401' })
    expect(page.data.items[0].status).toBe('withdrawn')
    expect(text(page)).toContain('已撤回')
    expect(page.querySelectorAll('.withdraw').length).toBe(0)
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已撤回' }))
    expect(global.wx.navigateTo).not.toHaveBeenCalled()
  })

  test('cancelling the confirmation sends nothing', async () => {
    global.wx.showModal = jest.fn((opts) => setTimeout(() => opts.success({ confirm: false, cancel: true }), 0))
    const page = await renderPage(PAGE)
    await tap(page, '.withdraw', 'click')
    expect(server().callsTo('POST /help-requests/{request_id}/withdraw')).toEqual([])
  })

  test('409 (already assigned) shows the message and reloads the list', async () => {
    server().on('POST /help-requests/{request_id}/withdraw', { status: 409, body: envelope(409, 'invalid_transition', '求助已安排志愿者，不能撤回') })
    const page = await renderPage(PAGE)
    await tap(page, '.withdraw', 'click')
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '求助已安排志愿者，不能撤回' }))
    expect(server().callsTo('GET /help-requests/mine').length).toBe(2)
    expect(page.data.withdrawing).toBe(null)
  })

  test('403 shows the message without reloading', async () => {
    server().on('POST /help-requests/{request_id}/withdraw', { status: 403, body: envelope(403, 'forbidden', '没有权限') })
    const page = await renderPage(PAGE)
    await tap(page, '.withdraw', 'click')
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '没有权限' }))
    expect(server().callsTo('GET /help-requests/mine').length).toBe(1)
  })
})
