const { renderPage, text, tap, flush } = require('../../helpers')
const { answers, orderDetail, orderTake, take, me } = require('../../fixtures/vol1')
const common = require('../../fixtures/common')
const { envelope } = require('../../wx')

const server = () => global.wx.__server
const PAGE = 'packages/volunteer/order/index'

// The order as the server answers it with my take of it (`my_take`).
const withTake = (...args) => orderDetail({ my_take: orderTake(...args) })

async function render({ order, user } = {}) {
  server().on('GET /subscriptions', common.answers['GET /subscriptions'])
  server().on('GET /orders/{order_id}', order || answers['GET /orders/{order_id}'])
  server().on('GET /me', user || answers['GET /me'])
  return renderPage(PAGE, { id: '5' })
}

describe('packages/volunteer/order', () => {
  test('shows what a volunteer needs to know', async () => {
    const page = await render()
    const shown = text(page)
    ;['陪同长者到医院复诊', '待接单', 'V202612050005', '陪同就医', '生活照料', '天河区 五山街道', '天河区五山路 483 号',
      '12-05 14:30–16:30', '2026-12-04 18:00', '3 人，剩余 2 个名额', '收到捐赠积分', '30', '长者行动不便',
      '请提前十分钟到达', '地铁 3 号线华师站 B 出口', '立即接单', '捐积分', '查看位置'].forEach((t) => expect(shown).toContain(t))
    expect(shown).not.toContain('撤回接单')
    expect(server().last('GET /orders/{order_id}').params).toEqual({ order_id: '5' })
    expect(server().callsTo('GET /me/taken-orders')).toHaveLength(0) // my take comes with the order
  })

  test('查看位置 opens the map at the order', async () => {
    const page = await render()
    await tap(page, '#location', 'click')
    expect(global.wx.openLocation).toHaveBeenCalledWith({ latitude: 23.157, longitude: 113.353, name: '陪同长者到医院复诊', address: '天河区五山路 483 号' })
  })

  test('not found shows the message, retry loads again', async () => {
    server().on('GET /subscriptions', common.answers['GET /subscriptions'])
    server().on('GET /orders/{order_id}', { status: 404, body: envelope(404, 'order_not_found', '订单不存在') })
    const page = await renderPage(PAGE, { id: '5' })
    expect(text(page)).toContain('订单不存在')
    server().on('GET /orders/{order_id}', answers['GET /orders/{order_id}'])
    await tap(page, '#retry', 'click')
    expect(text(page)).toContain('陪同长者到医院复诊')
  })

  test('立即接单 asks for subscriptions first, then takes as myself', async () => {
    server().on('POST /subscriptions', common.answers['POST /subscriptions'])
    server().on('POST /orders/{order_id}/takes', answers['POST /orders/{order_id}/takes'])
    const page = await render()
    server().on('GET /orders/{order_id}', withTake(90, 'pending'))
    await tap(page, '#take', 'click')
    await flush()
    expect(global.wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['tpl-result', 'tpl-reminder'] }))
    expect(global.wx.showActionSheet).not.toHaveBeenCalled()
    const sent = server().last('POST /orders/{order_id}/takes')
    expect(sent.params).toEqual({ order_id: '5' })
    expect(sent.data).toEqual({})
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '接单成功，等待审核' }))
    expect(text(page)).toContain('我的接单：待审核')
    expect(page.querySelector('#take')).toBeUndefined()
    expect(page.querySelector('#withdraw')).toBeTruthy()
  })

  test('a volunteer-organisation member chooses to take as the organisation', async () => {
    server().on('POST /subscriptions', common.answers['POST /subscriptions'])
    server().on('POST /orders/{order_id}/takes', take({ volunteer_id: null, provider_org_id: 41 }))
    global.wx.showActionSheet = jest.fn((opts) => setTimeout(() => opts.success({ tapIndex: 1 }), 0))
    const page = await render({ user: me({}, ['volunteerOrg']) })
    await tap(page, '#take', 'click')
    await flush()
    expect(global.wx.showActionSheet.mock.calls[0][0].itemList).toEqual(['以个人身份接单', '以“天河青年志愿服务队”接单'])
    expect(server().last('POST /orders/{order_id}/takes').data).toEqual({ as_organisation_id: 41 })
  })

  test('cancelling the action sheet takes nothing', async () => {
    server().on('POST /subscriptions', common.answers['POST /subscriptions'])
    global.wx.showActionSheet = jest.fn((opts) => setTimeout(() => opts.fail({ errMsg: 'showActionSheet:fail cancel' }), 0))
    const page = await render({ user: me({}, ['volunteerOrg']) })
    await tap(page, '#take', 'click')
    await flush()
    expect(server().callsTo('POST /orders/{order_id}/takes')).toEqual([])
    expect(page.data.busy).toBe(false)
  })

  test.each([
    ['order_full', '该订单招募人数已满'],
    ['time_conflict', '该订单的服务时间与您已通过审核的接单冲突'],
    ['already_taken', '您已接过该订单'],
  ])('409 %s shows the server message and reloads the order', async (error, message) => {
    server().on('POST /subscriptions', common.answers['POST /subscriptions'])
    server().on('POST /orders/{order_id}/takes', { status: 409, body: envelope(409, error, message) })
    const page = await render()
    server().on('GET /orders/{order_id}', orderDetail({ places_left: 0 }))
    await tap(page, '#take', 'click')
    await flush()
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: message }))
    expect(server().callsTo('GET /orders/{order_id}')).toHaveLength(2)
    expect(page.data.busy).toBe(false)
  })

  test('撤回接单 confirms, withdraws my pending take and reloads', async () => {
    server().on('POST /takes/{take_id}/withdraw', answers['POST /takes/{take_id}/withdraw'])
    const page = await render({ order: withTake(90, 'pending') })
    expect(text(page)).toContain('我的接单：待审核')
    server().on('GET /orders/{order_id}', withTake(90, 'withdrawn'))
    await tap(page, '#withdraw', 'click')
    await flush()
    expect(global.wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '撤回接单' }))
    expect(server().last('POST /takes/{take_id}/withdraw').params).toEqual({ take_id: '90' })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已撤回' }))
    expect(text(page)).toContain('我的接单：已撤回')
    expect(page.querySelector('#take')).toBeTruthy() // may take again
  })

  test('撤回接单 cancelled in the modal sends nothing; a 409 shows the message', async () => {
    const page = await render({ order: withTake(90, 'pending') })
    global.wx.showModal = jest.fn((opts) => setTimeout(() => opts.success({ confirm: false, cancel: true }), 0))
    await tap(page, '#withdraw', 'click')
    expect(server().callsTo('POST /takes/{take_id}/withdraw')).toEqual([])
    global.wx.showModal = jest.fn((opts) => setTimeout(() => opts.success({ confirm: true }), 0))
    server().on('POST /takes/{take_id}/withdraw', { status: 409, body: envelope(409, 'take_reviewed', '已审核的接单不能撤回') })
    await tap(page, '#withdraw', 'click')
    await flush()
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已审核的接单不能撤回' }))
  })

  test('an approved take shows its status and no take button; a rejected one shows the reason', async () => {
    let page = await render({ order: withTake(90, 'approved') })
    expect(text(page)).toContain('我的接单：审核通过')
    expect(page.querySelector('#take')).toBeUndefined()
    expect(page.querySelector('#withdraw')).toBeUndefined()
    page = await render({ order: withTake(91, 'rejected', { status_reason: '时间不合适' }) })
    expect(text(page)).toContain('我的接单：审核不通过')
    expect(text(page)).toContain('原因：时间不合适')
  })

  test('a take made for my organisation names it', async () => {
    const page = await render({ order: withTake(92, 'pending', { provider_org_id: 41, provider_org_name: '天河青年志愿服务队' }) })
    expect(text(page)).toContain('我的接单：待审核')
    expect(text(page)).toContain('以“天河青年志愿服务队”接单')
    expect(page.querySelector('#take')).toBeUndefined()
  })

  test('捐积分 opens the donation page for this order', async () => {
    const page = await render()
    await tap(page, '#donate', 'click')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/volunteer/donate/index?order_id=5' })
  })

  test('staff who may act on the order get a way to its staff page; volunteers do not', async () => {
    const volunteer = await render()
    expect(volunteer.querySelector('#manage')).toBeUndefined()
    const staff = await render({ order: orderDetail({ actions: [{ action: 'close_recruitment', label: '完成招募' }] }) })
    await tap(staff, '#manage', 'click')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/station/order/index?id=5' })
  })

  test('a full order without my take offers no take button', async () => {
    const page = await render({ order: orderDetail({ places_left: 0 }) })
    expect(page.querySelector('#take')).toBeUndefined()
    expect(text(page)).toContain('该订单招募人数已满')
  })
})
