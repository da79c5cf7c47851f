const { renderPage, text, tap, flush } = require('../../helpers')
const { answers: common } = require('../../fixtures/common')
const { answers, detail } = require('../../fixtures/staffa')
const { envelope } = require('../../wx')

const server = () => global.wx.__server
const PATH = 'packages/station/beneficiary/index'

function serve(b) {
  server().on('GET /beneficiaries/{beneficiary_id}', b || answers['GET /beneficiaries/{beneficiary_id}'])
  server().on('GET /beneficiaries/{beneficiary_id}/events', answers['GET /beneficiaries/{beneficiary_id}/events'])
}

describe('packages/station/beneficiary (服务对象详情)', () => {
  test('shows every field as the server sends it, the proofs and the review history', async () => {
    serve()
    const page = await renderPage(PATH, { id: '31' })
    expect(server().last('GET /beneficiaries/{beneficiary_id}').params).toEqual({ beneficiary_id: '31' })
    const shown = text(page)
    ;['李桂芳', '13900001111', '440106194801020022', '女', '78 岁', '长者', '群众', '无需依赖', '独居', '天河区',
      '五山街道', '天河区五山路 1 号', '华农社区', '3 栋 201', '行动不便', '王社工', '13800002222', '天河区五山街道社工站', '待审核',
    ].forEach((s) => expect(shown).toContain(s))
    expect(shown).toContain('审核不通过刘站长 · 2026-12-01 15:00')
    expect(shown).toContain('原因：证明材料不清晰')
    expect(page.querySelectorAll('.photo')).toHaveLength(2)
    await tap(page, '#photo-1', 'tap')
    expect(global.wx.previewImage).toHaveBeenCalledWith({ urls: [expect.stringContaining('/uploads/501/'), expect.stringContaining('/uploads/502/')], current: expect.stringContaining('/uploads/502/') })
    expect(shown).toContain('审核通过')
    expect(page.querySelector('#act-enable')).toBeUndefined()
  })

  test('shows the points the beneficiary received (0 until someone donates)', async () => {
    serve(detail({ status: 'active', status_label: '启用中', donated_points: 12 }))
    const page = await renderPage(PATH, { id: '31' })
    expect(text(page)).toContain('收到捐赠积分12 积分')
    serve()
    const fresh = await renderPage(PATH, { id: '31' })
    expect(text(fresh)).toContain('收到捐赠积分0 积分')
  })

  test('masked values stay masked', async () => {
    serve(detail({ pii_visible: false, phone: '139****1111', id_card_number: '440106********0026', proof_images: [], actions: [] }))
    const page = await renderPage(PATH, { id: '31' })
    expect(text(page)).toContain('139****1111')
    expect(text(page)).toContain('440106********0026')
    expect(text(page)).toContain('仅对本社工站显示')
  })

  test('审核通过 posts approve and reloads', async () => {
    serve()
    server().on('POST /beneficiaries/{beneficiary_id}/approve', detail({ status: 'active', status_label: '启用中' }))
    const page = await renderPage(PATH, { id: '31' })
    serve(detail({ status: 'active', status_label: '启用中', actions: ['disable', 'delete'] }))
    await tap(page, '#act-approve', 'click')
    await flush()
    expect(server().callsTo('POST /beneficiaries/{beneficiary_id}/approve')).toHaveLength(1)
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '审核通过成功' }))
    expect(text(page)).toContain('启用中')
    expect(page.querySelector('#act-disable')).toBeTruthy()
  })

  test('审核不通过 asks a reason and sends it; cancelling sends nothing', async () => {
    serve()
    server().on('POST /beneficiaries/{beneficiary_id}/reject', detail({ status: 'rejected', status_label: '审核不通过' }))
    const page = await renderPage(PATH, { id: '31' })
    global.wx.__modalText = '  身份证照片模糊 '
    await tap(page, '#act-reject', 'click')
    await flush()
    expect(server().last('POST /beneficiaries/{beneficiary_id}/reject').data).toEqual({ reason: '身份证照片模糊' })
    global.wx.showModal = jest.fn((o) => setTimeout(() => o.success({ confirm: false }), 0))
    await tap(page, '#act-reject', 'click')
    await flush()
    expect(server().callsTo('POST /beneficiaries/{beneficiary_id}/reject')).toHaveLength(1)
  })

  test('禁用 / 启用 / 重新提交 post their action; 重新提交 asks for the review-result message first', async () => {
    server().on('GET /subscriptions', common['GET /subscriptions'])
    server().on('POST /subscriptions', common['POST /subscriptions'])
    serve(detail({ status: 'rejected', status_label: '审核不通过', status_reason: '材料不全', actions: ['resubmit', 'edit', 'delete'] }))
    server().on('POST /beneficiaries/{beneficiary_id}/resubmit', detail())
    const page = await renderPage(PATH, { id: '31' })
    expect(text(page)).toContain('不通过原因：材料不全')
    await tap(page, '#act-resubmit', 'click')
    await flush()
    expect(global.wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['tpl-result'] }))
    expect(server().callsTo('POST /beneficiaries/{beneficiary_id}/resubmit')).toHaveLength(1)

    serve(detail({ status: 'active', actions: ['disable', 'delete'] }))
    server().on('POST /beneficiaries/{beneficiary_id}/disable', detail({ status: 'disabled' }))
    await page.instance.load()
    await tap(page, '#act-disable', 'click')
    await flush()
    expect(server().callsTo('POST /beneficiaries/{beneficiary_id}/disable')).toHaveLength(1)

    serve(detail({ status: 'disabled', status_label: '已禁用', actions: ['enable', 'delete'] }))
    server().on('POST /beneficiaries/{beneficiary_id}/enable', detail({ status: 'active' }))
    await page.instance.load()
    await tap(page, '#act-enable', 'click')
    await flush()
    expect(server().callsTo('POST /beneficiaries/{beneficiary_id}/enable')).toHaveLength(1)
  })

  test('修改 opens the form; a 409 on an action shows the server\'s message', async () => {
    serve()
    server().on('POST /beneficiaries/{beneficiary_id}/approve', { status: 409, body: envelope(409, 'invalid_transition', '该服务对象已被审核') })
    const page = await renderPage(PATH, { id: '31' })
    await tap(page, '#act-edit', 'click')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/station/beneficiary-form/index?id=31' })
    await tap(page, '#act-approve', 'click')
    await flush()
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '该服务对象已被审核' }))
    expect(server().callsTo('GET /beneficiaries/{beneficiary_id}').length).toBe(2)
  })

  test('删除 confirms, deletes and goes back; with open orders the 409 message shows', async () => {
    serve()
    server().on('DELETE /beneficiaries/{beneficiary_id}', { status: 409, body: envelope(409, 'beneficiary_has_orders', '该服务对象还有未结束的订单，不能删除') })
    const page = await renderPage(PATH, { id: '31' })
    await tap(page, '#act-delete', 'click')
    await flush()
    expect(global.wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '删除服务对象' }))
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '该服务对象还有未结束的订单，不能删除' }))
    expect(global.wx.navigateBack).not.toHaveBeenCalled()
    server().on('DELETE /beneficiaries/{beneficiary_id}', { status: 204, body: null })
    await tap(page, '#act-delete', 'click')
    await flush()
    expect(global.wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '已删除' }))
    expect(global.wx.navigateBack).toHaveBeenCalled()
  })

  test('not found shows the message and 重试 works', async () => {
    server().on('GET /beneficiaries/{beneficiary_id}', { status: 404, body: envelope(404, 'not_found', '服务对象不存在') })
    server().on('GET /beneficiaries/{beneficiary_id}/events', [])
    const page = await renderPage(PATH, { id: '99' })
    expect(text(page)).toContain('服务对象不存在')
    serve(detail({ actions: [] }))
    await tap(page, '#retry', 'click')
    expect(text(page)).toContain('李桂芳')
    global.wx.__offline = true
    await page.instance.load()
    expect(page.data.error).toBe('')
    expect(text(page)).toContain('李桂芳')
    expect(global.wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '网络不给力，请检查网络后重试' }))
  })
})
