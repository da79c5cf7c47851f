const { renderPage, text, tap, flush } = require('../../helpers')
const { answers } = require('../../fixtures/vol1')
const { envelope } = require('../../wx')

const server = () => global.wx.__server
const PAGE = 'packages/volunteer/donate/index'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

async function render(balance) {
  server().on('GET /orders/{order_id}', answers['GET /orders/{order_id}'])
  server().on('GET /me/points', { balance: balance === undefined ? 120 : balance })
  return renderPage(PAGE, { order_id: '5' })
}

describe('packages/volunteer/donate', () => {
  test('shows the order title, its donated points and my balance', async () => {
    const page = await render()
    const shown = text(page)
    expect(shown).toContain('陪同长者到医院复诊')
    expect(shown).toContain('我的积分余额')
    expect(shown).toContain('120')
    expect(page.querySelector('#points').data.max).toBe(120)
    expect(server().last('GET /orders/{order_id}').params).toEqual({ order_id: '5' })
  })

  test('确认捐赠 sends the points with a UUID request_id, toasts and goes back', async () => {
    server().on('POST /orders/{order_id}/donations', { status: 201, body: answers['POST /orders/{order_id}/donations'] })
    const page = await render()
    page.instance.onPoints({ detail: 10 })
    await tap(page, '#donate', 'click')
    await flush()
    const sent = server().last('POST /orders/{order_id}/donations')
    expect(sent.params).toEqual({ order_id: '5' })
    expect(sent.data.points).toBe(10)
    expect(sent.data.request_id).toMatch(UUID)
    expect(Object.keys(sent.data).sort()).toEqual(['points', 'request_id'])
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '捐赠成功' }))
    expect(global.wx.navigateBack).toHaveBeenCalled()
  })

  test('a retry after a network error reuses the same request_id', async () => {
    server().on('POST /orders/{order_id}/donations', { status: 201, body: answers['POST /orders/{order_id}/donations'] })
    const page = await render()
    global.wx.__offline = true
    await tap(page, '#donate', 'click')
    await flush()
    expect(global.wx.navigateBack).not.toHaveBeenCalled()
    expect(page.data.message).toBeTruthy()
    global.wx.__offline = false
    await tap(page, '#donate', 'click')
    await flush()
    const calls = server().callsTo('POST /orders/{order_id}/donations')
    expect(calls.length).toBeGreaterThanOrEqual(1)
    const first = global.wx.request.mock.calls.map((c) => c[0]).filter((o) => o.method === 'POST' && o.url.includes('/donations'))
    expect(first.length).toBe(2)
    expect(first[0].data.request_id).toBe(first[1].data.request_id)
    expect(global.wx.navigateBack).toHaveBeenCalled()
  })

  test('409 insufficient balance shows the message in place and refreshes the balance', async () => {
    server().on('POST /orders/{order_id}/donations', { status: 409, body: envelope(409, 'insufficient_points', '积分余额不足') })
    const page = await render()
    server().on('GET /me/points', { balance: 3 })
    page.instance.onPoints({ detail: 50 })
    await tap(page, '#donate', 'click')
    await flush()
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '积分余额不足' }))
    expect(text(page)).toContain('积分余额不足')
    expect(page.data.balance).toBe(3)
    expect(global.wx.navigateBack).not.toHaveBeenCalled()
  })

  test('409 order not donatable shows the server message', async () => {
    server().on('POST /orders/{order_id}/donations', { status: 409, body: envelope(409, 'order_not_donatable', '该订单当前不接受捐分') })
    server().on('GET /me/points', { balance: 120 })
    const page = await render()
    await tap(page, '#donate', 'click')
    await flush()
    expect(text(page)).toContain('该订单当前不接受捐分')
  })

  test('a zero balance cannot donate', async () => {
    const page = await render(0)
    expect(text(page)).toContain('积分余额为 0，暂时不能捐分')
    expect(page.querySelector('#points')).toBeUndefined()
    await page.instance.onDonate()
    expect(server().callsTo('POST /orders/{order_id}/donations')).toEqual([])
  })

  test('a failed load shows the message and retry works', async () => {
    server().on('GET /orders/{order_id}', { status: 404, body: envelope(404, 'order_not_found', '订单不存在') })
    server().on('GET /me/points', { balance: 120 })
    const page = await renderPage(PAGE, { order_id: '5' })
    expect(text(page)).toContain('订单不存在')
    server().on('GET /orders/{order_id}', answers['GET /orders/{order_id}'])
    await tap(page, '#retry', 'click')
    expect(text(page)).toContain('陪同长者到医院复诊')
  })
})
