const { renderPage, text, tap, flush } = require('../../helpers')
const common = require('../../fixtures/common')
const { answers, orderDetail, action, stationMe, associationMe, events } = require('../../fixtures/staffb')
const { envelope } = require('../../wx')

const server = () => global.wx.__server
const PAGE = 'packages/station/order/index'

function serve(order, who) {
  server().on('GET /orders/{order_id}', order || answers['GET /orders/{order_id}'])
  server().on('GET /orders/{order_id}/events', events)
  server().on('GET /me', who || stationMe())
  server().on('GET /subscriptions', common.answers['GET /subscriptions'])
  server().on('POST /subscriptions', common.answers['POST /subscriptions'])
}

const buttons = (page) => page.data.buttons.map((b) => b.label)

describe('packages/station/order', () => {
  test('shows every field of the order, the beneficiary (masked) and the 订单跟踪 timeline', async () => {
    serve()
    const page = await renderPage(PAGE, { id: '301' })
    const shown = text(page)
    expect(server().last('GET /orders/{order_id}').params).toEqual({ order_id: '301' })
    ;['陪同黄婆婆复诊', '待审核', '44010626120509301512', '为他人下单', '陪同就医', '上门服务', '天河区 五山街道',
      '五山路华农西区12栋', '2026-12-10 09:00 至 2026-12-10 11:00', '2026-12-09 18:00', '2 人（已占 1，已通过 1，余 1）',
      '黄**，女，82岁', '440106********1234', '138****5678', '陪同老人到医院复诊并取药', '请提前十分钟到达',
      '地铁3号线华师站B出口', '天河区五山街道社工站'].forEach((s) => expect(shown).toContain(s))
    // the timeline: what, who, when, why
    expect(shown).toContain('订单 · 初审不通过')
    expect(shown).toContain('待审核 → 审核不通过')
    expect(shown).toContain('李站长 · 2026-12-05 11:00')
    expect(shown).toContain('原因：服务地址不完整')
  })

  test('a rejected order shows its reason', async () => {
    serve(orderDetail({ status: 'final_rejected', status_label: '二审不通过', status_reason: '服务内容不清楚', actions: [action('edit', '修改'), action('resubmit', '重新提交')] }))
    const page = await renderPage(PAGE, { id: '301' })
    expect(text(page)).toContain('原因：服务内容不清楚')
    expect(buttons(page)).toEqual(['修改', '重新提交'])
  })

  test('station staff get the station\'s actions only, never the association\'s', async () => {
    serve(orderDetail({ status: 'first_approved', status_label: '初审已通过', actions: [action('final_approve', '终审通过'), action('final_reject', '终审不通过'), action('cancel', '取消')] }))
    const page = await renderPage(PAGE, { id: '301' })
    expect(buttons(page)).toEqual(['取消'])
    expect(text(page)).not.toContain('终审通过')
  })

  test('the association gets 终审通过 / 终审不通过 and no station buttons', async () => {
    serve(orderDetail({ status: 'first_approved', status_label: '初审已通过', actions: [action('final_approve', '终审通过'), action('final_reject', '终审不通过'), action('cancel', '取消')] }), associationMe())
    const page = await renderPage(PAGE, { id: '301' })
    expect(buttons(page)).toEqual(['终审通过', '终审不通过'])
  })

  test('an open order offers 接单审核 to the station; an order waiting for evaluation offers 时数认证', async () => {
    serve(orderDetail({ status: 'open', status_label: '待接单', actions: [action('cancel', '取消'), action('mark_expired', '过期'), action('close_recruitment', '完成招募')] }))
    let page = await renderPage(PAGE, { id: '301' })
    expect(buttons(page)).toEqual(['取消', '过期', '完成招募', '接单审核'])
    await tap(page, '#act-takes', 'click')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/station/takes/index?order_id=301' })

    serve(orderDetail({ status: 'to_evaluate', status_label: '待评价', actions: [] }))
    page = await renderPage(PAGE, { id: '301' })
    expect(buttons(page)).toEqual(['接单审核', '时数认证'])
    await tap(page, '#act-certify', 'click')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/station/certify/index?order_id=301' })

    // An aborted service is certified for the hours served before the abort.
    serve(orderDetail({ status: 'aborted', status_label: '已中止', actions: [] }))
    page = await renderPage(PAGE, { id: '301' })
    expect(buttons(page)).toContain('时数认证')
  })

  test('a pending or approved certification replaces 时数认证 with a link to it', async () => {
    for (const [status, label] of [['pending', '待审核'], ['approved', '审核通过']]) {
      serve(orderDetail({ status: 'to_evaluate', status_label: '待评价', actions: [], certification: { id: 71, status, status_label: label } }))
      const page = await renderPage(PAGE, { id: '301' })
      expect(buttons(page)).toEqual(['接单审核'])
      expect(text(page)).toContain(label)
      await tap(page, '#certification', 'click')
      expect(global.wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/station/certification/index?id=71' })
    }
  })

  test('after a rejected certification the station may file again, and still open the rejected one', async () => {
    serve(orderDetail({ status: 'to_evaluate', status_label: '待评价', actions: [], certification: { id: 70, status: 'rejected', status_label: '审核不通过' } }))
    const page = await renderPage(PAGE, { id: '301' })
    expect(buttons(page)).toEqual(['接单审核', '时数认证'])
    expect(text(page)).toContain('审核不通过')
    await tap(page, '#certification', 'click')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/station/certification/index?id=70' })
  })

  test('the association opens the certification from the order', async () => {
    serve(orderDetail({ status: 'to_evaluate', status_label: '待评价', actions: [], certification: { id: 71, status: 'pending', status_label: '待审核' } }), associationMe())
    const page = await renderPage(PAGE, { id: '301' })
    expect(buttons(page)).toEqual([])
    await tap(page, '#certification', 'click')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/station/certification/index?id=71' })
  })

  test('the association is offered neither 接单审核 nor 时数认证', async () => {
    serve(orderDetail({ status: 'to_evaluate', status_label: '待评价', actions: [] }), associationMe())
    const page = await renderPage(PAGE, { id: '301' })
    expect(buttons(page)).toEqual([])
    expect(text(page)).not.toContain('时数认证')
  })

  test('修改 opens the order form for this order', async () => {
    serve()
    const page = await renderPage(PAGE, { id: '301' })
    await tap(page, '#act-edit', 'click')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/station/order-form/index?id=301' })
  })

  const plain = [
    ['first_approve', 'first-approve', '初审通过', stationMe],
    ['resubmit', 'resubmit', '重新提交', stationMe],
    ['mark_expired', 'mark-expired', '过期', stationMe],
    ['close_recruitment', 'close-recruitment', '完成招募', stationMe],
    ['final_approve', 'final-approve', '终审通过', associationMe],
  ]
  test.each(plain)('%s: confirmed, POSTed without a body, toast and reload', async (name, path, label, who) => {
    serve(orderDetail({ actions: [action(name, label)] }), who())
    server().on(`POST /orders/{order_id}/${path}`, answers['POST /orders/{order_id}/first-approve'])
    const page = await renderPage(PAGE, { id: '301' })
    await tap(page, '#act-' + name, 'click')
    await flush()
    expect(global.wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '确定' + label + '？' }))
    const call = server().last(`POST /orders/{order_id}/${path}`)
    expect(call.params).toEqual({ order_id: '301' })
    expect(call.data).toBeUndefined()
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已' + label }))
    expect(server().callsTo('GET /orders/{order_id}')).toHaveLength(2)
  })

  test('重新提交 asks for the review-result subscription inside the tap', async () => {
    serve(orderDetail({ status: 'rejected', status_label: '审核不通过', actions: [action('resubmit', '重新提交')] }))
    server().on('POST /orders/{order_id}/resubmit', answers['POST /orders/{order_id}/first-approve'])
    const page = await renderPage(PAGE, { id: '301' })
    await tap(page, '#act-resubmit', 'click')
    await flush()
    expect(global.wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['tpl-result'] }))
    expect(server().callsTo('POST /orders/{order_id}/resubmit')).toHaveLength(1)
  })

  test('declining the confirmation sends nothing', async () => {
    serve()
    global.wx.showModal = jest.fn((opts) => setTimeout(() => opts.success({ confirm: false, cancel: true }), 0))
    const page = await renderPage(PAGE, { id: '301' })
    await tap(page, '#act-first_approve', 'click')
    await flush()
    expect(server().callsTo('POST /orders/{order_id}/first-approve')).toHaveLength(0)
  })

  const withReason = [
    ['first_reject', 'first-reject', '初审不通过', stationMe],
    ['cancel', 'cancel', '取消', stationMe],
    ['abort', 'abort', '中止', stationMe],
    ['final_reject', 'final-reject', '终审不通过', associationMe],
  ]
  test.each(withReason)('%s asks for a reason and sends {reason}', async (name, path, label, who) => {
    serve(orderDetail({ actions: [action(name, label)] }), who())
    server().on(`POST /orders/{order_id}/${path}`, answers['POST /orders/{order_id}/first-approve'])
    global.wx.__modalText = '  服务对象已入院  '
    const page = await renderPage(PAGE, { id: '301' })
    await tap(page, '#act-' + name, 'click')
    await flush()
    expect(server().last(`POST /orders/{order_id}/${path}`).data).toEqual({ reason: '服务对象已入院' })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已' + label }))
  })

  test('a cancelled reason box sends nothing', async () => {
    serve()
    global.wx.showModal = jest.fn((opts) => setTimeout(() => opts.success({ confirm: false, cancel: true }), 0))
    const page = await renderPage(PAGE, { id: '301' })
    await tap(page, '#act-first_reject', 'click')
    await flush()
    expect(server().callsTo('POST /orders/{order_id}/first-reject')).toHaveLength(0)
  })

  test('409 (the order moved meanwhile) shows the server\'s message and reloads', async () => {
    serve()
    server().on('POST /orders/{order_id}/first-approve', { status: 409, body: envelope(409, 'invalid_transition', '订单当前状态不能初审通过') })
    const page = await renderPage(PAGE, { id: '301' })
    serve(orderDetail({ status: 'first_approved', status_label: '初审已通过', actions: [] }))
    await tap(page, '#act-first_approve', 'click')
    await flush()
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '订单当前状态不能初审通过' }))
    expect(server().callsTo('GET /orders/{order_id}')).toHaveLength(2)
    expect(text(page)).toContain('初审已通过')
    expect(page.data.busy).toBe(false)
  })

  test('403 and 422 show the message and keep the page as it was', async () => {
    serve()
    server().on('POST /orders/{order_id}/first-approve', { status: 403, body: envelope(403, 'forbidden', '没有权限') })
    server().on('POST /orders/{order_id}/first-reject', { status: 422, body: envelope(422, 'validation_error', '提交的内容有误', { reason: ['原因最多 200 字'] }) })
    global.wx.__modalText = '太长'
    const page = await renderPage(PAGE, { id: '301' })
    await tap(page, '#act-first_approve', 'click')
    await flush()
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '没有权限' }))
    await tap(page, '#act-first_reject', 'click')
    await flush()
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '提交的内容有误' }))
    expect(server().callsTo('GET /orders/{order_id}')).toHaveLength(1)
  })

  test('a failed load shows the message; 重试 loads again', async () => {
    serve()
    server().on('GET /orders/{order_id}', { status: 404, body: envelope(404, 'not_found', '订单不存在') })
    const page = await renderPage(PAGE, { id: '999' })
    expect(text(page)).toContain('订单不存在')
    serve()
    await tap(page, '#retry', 'click')
    await flush()
    expect(text(page)).toContain('陪同黄婆婆复诊')
  })

  test('an order without history says 暂无记录', async () => {
    serve()
    server().on('GET /orders/{order_id}/events', [])
    const page = await renderPage(PAGE, { id: '301' })
    expect(text(page)).toContain('暂无记录')
  })
})
