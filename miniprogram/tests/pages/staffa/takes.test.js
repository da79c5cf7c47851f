const { renderPage, text, tap, flush } = require('../../helpers')
const { answers, takers } = require('../../fixtures/staffa')
const { envelope } = require('../../wx')

const server = () => global.wx.__server
const PATH = 'packages/station/takes/index'

describe('packages/station/takes (接单人/接单服务商审核)', () => {
  test('lists takers in person and as providers with masked phones and their state', async () => {
    server().on('GET /orders/{order_id}/takes', answers['GET /orders/{order_id}/takes'])
    const page = await renderPage(PATH, { order_id: '9' })
    expect(server().last('GET /orders/{order_id}/takes').params).toEqual({ order_id: '9' })
    const shown = text(page)
    expect(shown).toContain('陈晓明')
    expect(shown).toContain('接单人 · 139****0001')
    expect(shown).toContain('天河青年志愿服务队')
    expect(shown).toContain('接单服务商 · 138****0002')
    expect(shown).toContain('接单操作人：张伟')
    expect(shown).toContain('待审核')
    expect(shown).toContain('审核通过')
    expect(shown).toContain('原因：时间不合适')
    expect(shown).toContain('接单时间：2026-12-02 09:00')
    expect(page.querySelector('#approve-71')).toBeTruthy()
    expect(page.querySelector('#approve-72')).toBeUndefined()
  })

  test('通过 posts approve and reloads the list', async () => {
    server().on('GET /orders/{order_id}/takes', answers['GET /orders/{order_id}/takes'])
    server().on('POST /takes/{take_id}/approve', answers['POST /takes/{take_id}/approve'])
    const page = await renderPage(PATH, { order_id: '9' })
    const after = takers.map((t) => (t.id === 71 ? Object.assign({}, t, { status: 'approved', actions: [] }) : t))
    server().on('GET /orders/{order_id}/takes', after)
    await tap(page, '#approve-71', 'click')
    await flush()
    expect(server().last('POST /takes/{take_id}/approve').params).toEqual({ take_id: '71' })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已通过' }))
    expect(page.querySelector('#approve-71')).toBeUndefined()
    expect(server().callsTo('GET /orders/{order_id}/takes')).toHaveLength(2)
  })

  test('不通过 asks the reason and sends it', async () => {
    server().on('GET /orders/{order_id}/takes', answers['GET /orders/{order_id}/takes'])
    server().on('POST /takes/{take_id}/reject', Object.assign({}, answers['POST /takes/{take_id}/approve'], { status: 'rejected', status_reason: '人数已够' }))
    const page = await renderPage(PATH, { order_id: '9' })
    global.wx.__modalText = '人数已够'
    await tap(page, '#reject-71', 'click')
    await flush()
    expect(server().last('POST /takes/{take_id}/reject').data).toEqual({ reason: '人数已够' })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已驳回' }))
    global.wx.__modalText = '   '
    await tap(page, '#reject-71', 'click')
    await flush()
    expect(server().callsTo('POST /takes/{take_id}/reject')).toHaveLength(1)
  })

  test('409 (order full, or the take changed) shows the message and reloads', async () => {
    server().on('GET /orders/{order_id}/takes', answers['GET /orders/{order_id}/takes'])
    server().on('POST /takes/{take_id}/approve', { status: 409, body: envelope(409, 'order_not_open', '订单已不在招募中，不能再通过接单') })
    const page = await renderPage(PATH, { order_id: '9' })
    await tap(page, '#approve-71', 'click')
    await flush()
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '订单已不在招募中，不能再通过接单' }))
    expect(server().callsTo('GET /orders/{order_id}/takes')).toHaveLength(2)
    expect(page.data.busy).toBe(0)
  })

  test('filters by state; empty says 暂无接单; pull-to-refresh reloads', async () => {
    server().on('GET /orders/{order_id}/takes', [])
    const page = await renderPage(PATH, { order_id: '9' })
    expect(text(page)).toContain('暂无接单')
    await tap(page, '#filter-pending', 'tap')
    expect(server().last('GET /orders/{order_id}/takes').query).toEqual({ status: 'pending' })
    await page.instance.onPullDownRefresh()
    expect(server().callsTo('GET /orders/{order_id}/takes')).toHaveLength(3)
    expect(global.wx.stopPullDownRefresh).toHaveBeenCalled()
  })

  test('an error shows the message and 重试 works', async () => {
    server().on('GET /orders/{order_id}/takes', { status: 403, body: envelope(403, 'forbidden', '没有权限') })
    const page = await renderPage(PATH, { order_id: '9' })
    expect(text(page)).toContain('没有权限')
    server().on('GET /orders/{order_id}/takes', answers['GET /orders/{order_id}/takes'])
    await tap(page, '#retry', 'click')
    expect(text(page)).toContain('陈晓明')
  })
})
