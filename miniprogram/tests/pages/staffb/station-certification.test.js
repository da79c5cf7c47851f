const { renderPage, text, tap, flush } = require('../../helpers')
const { answers, action, certification } = require('../../fixtures/staffb')
const { envelope } = require('../../wx')

const server = () => global.wx.__server
const PAGE = 'packages/station/certification/index'

// The default answer is the association's view of a pending filing: actions approve and reject.
function serve(cert) {
  server().on('GET /certifications/{certification_id}', cert || answers['GET /certifications/{certification_id}'])
}

describe('packages/station/certification', () => {
  test('shows hours per taker, counts, summaries, the six ratings read-only and the photos', async () => {
    serve(certification()) // the station's view: no actions
    const page = await renderPage(PAGE, { id: '71' })
    expect(server().last('GET /certifications/{certification_id}').params).toEqual({ certification_id: '71' })
    const shown = text(page)
    ;['陪同黄婆婆复诊', '待审核', '44010626120509301512', '五山街道', '2026-12-10 09:00 至 2026-12-10 11:00', '认证服务日期',
      '服务时数（共 4 小时）', '陈晓明', '志愿者 139****0001', '天河青年志愿服务队', '接单服务商', '2 小时',
      '服务对象人次', '服务人员人数', '陪同老人完成复诊和取药', '老人按时复诊，家属满意',
      '1.订单服务总体评价', '6.服务人员服务效率', '3 星', '王社工 2026-12-11 10:00'].forEach((s) => expect(shown).toContain(s))
    expect(page.data.ratings.map((r) => r.value)).toEqual([5, 4, 5, 5, 4, 3])
    expect(page.querySelectorAll('.photo')).toHaveLength(1)
    await tap(page, '.photo', 'tap')
    expect(global.wx.previewImage).toHaveBeenCalledWith({ urls: [answers['GET /certifications/{certification_id}'].photos[0].url], current: answers['GET /certifications/{certification_id}'].photos[0].url })
    // station staff do not review
    expect(page.querySelector('#approve')).toBeUndefined()
    expect(shown).not.toContain('审核不通过')
  })

  test('the buttons are the actions the server offers, asked of nobody else', async () => {
    serve(certification({ actions: [action('reject', '审核不通过')] }))
    const page = await renderPage(PAGE, { id: '71' })
    expect(page.querySelector('#approve')).toBeUndefined()
    expect(page.querySelector('#reject')).toBeDefined()
    expect(server().callsTo('GET /me')).toHaveLength(0)
  })

  test('the order number opens the order', async () => {
    serve()
    const page = await renderPage(PAGE, { id: '71' })
    await tap(page, '#order', 'click')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/station/order/index?id=301' })
  })

  test('a rejected filing shows its reason and no review buttons, even for the association', async () => {
    serve(certification({ status: 'rejected', status_label: '审核不通过', status_reason: '照片不清楚', photos: [] }))
    const page = await renderPage(PAGE, { id: '71' })
    expect(text(page)).toContain('不通过原因：照片不清楚')
    expect(text(page)).toContain('未上传照片')
    expect(page.data.canApprove || page.data.canReject).toBe(false)
  })

  test('the association approves: POST approve, toast, credited points shown', async () => {
    serve()
    server().on('POST /certifications/{certification_id}/approve', certification({
      status: 'approved', status_label: '审核通过', reviewed_at: '2026-12-12T02:00:00+00:00', reviewed_by: '协会审核员',
      hours: [{ take_id: 801, taker_type: 'volunteer', volunteer_id: 7, provider_org_id: null, name: '陈晓明', phone: '139****0001', hours: 2, points: 20 }],
    }))
    const page = await renderPage(PAGE, { id: '71' })
    await tap(page, '#approve', 'click')
    await flush()
    const call = server().last('POST /certifications/{certification_id}/approve')
    expect(call.params).toEqual({ certification_id: '71' })
    expect(call.data).toBeUndefined()
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已审核通过' }))
    expect(text(page)).toContain('审核通过')
    expect(text(page)).toContain('2 小时，20 积分')
    expect(text(page)).toContain('协会审核员 2026-12-12 10:00')
    expect(page.querySelector('#approve')).toBeUndefined()
  })

  test('the association rejects with a reason: {reason} sent', async () => {
    serve()
    server().on('POST /certifications/{certification_id}/reject', certification({ status: 'rejected', status_label: '审核不通过', status_reason: '时数与服务时间不符' }))
    global.wx.__modalText = '时数与服务时间不符'
    const page = await renderPage(PAGE, { id: '71' })
    await tap(page, '#reject', 'click')
    await flush()
    expect(server().last('POST /certifications/{certification_id}/reject').data).toEqual({ reason: '时数与服务时间不符' })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已退回社工站' }))
    expect(text(page)).toContain('不通过原因：时数与服务时间不符')
  })

  test('an empty or cancelled reason sends nothing', async () => {
    serve()
    global.wx.__modalText = '   '
    const page = await renderPage(PAGE, { id: '71' })
    await tap(page, '#reject', 'click')
    await flush()
    expect(server().callsTo('POST /certifications/{certification_id}/reject')).toHaveLength(0)
  })

  test('409 (already reviewed) shows the message and reloads', async () => {
    serve()
    server().on('POST /certifications/{certification_id}/approve', { status: 409, body: envelope(409, 'invalid_transition', '该认证已审核') })
    const page = await renderPage(PAGE, { id: '71' })
    serve(certification({ status: 'approved', status_label: '审核通过' }))
    await tap(page, '#approve', 'click')
    await flush()
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '该认证已审核' }))
    expect(server().callsTo('GET /certifications/{certification_id}')).toHaveLength(2)
    expect(page.data.canApprove).toBe(false)
  })

  test('403 and 422 show the message without reloading', async () => {
    serve()
    server().on('POST /certifications/{certification_id}/approve', { status: 403, body: envelope(403, 'forbidden', '没有权限') })
    server().on('POST /certifications/{certification_id}/reject', { status: 422, body: envelope(422, 'validation_error', '原因最多 200 字', { reason: ['原因最多 200 字'] }) })
    global.wx.__modalText = '很长的原因'
    const page = await renderPage(PAGE, { id: '71' })
    await tap(page, '#approve', 'click')
    await flush()
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '没有权限' }))
    await tap(page, '#reject', 'click')
    await flush()
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '原因最多 200 字' }))
    expect(server().callsTo('GET /certifications/{certification_id}')).toHaveLength(1)
    expect(page.data.busy).toBe(false)
  })

  test('a failed load shows the message; 重试 loads again', async () => {
    serve()
    server().on('GET /certifications/{certification_id}', { status: 404, body: envelope(404, 'not_found', '时数认证不存在') })
    const page = await renderPage(PAGE, { id: '9' })
    expect(text(page)).toContain('时数认证不存在')
    serve()
    await tap(page, '#retry', 'click')
    await flush()
    expect(text(page)).toContain('陪同黄婆婆复诊')
  })
})
