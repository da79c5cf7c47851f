const { renderPage, text, tap, flush } = require('../../helpers')
const common = require('../../fixtures/common')
const { answers, orderDetail, takers, taker } = require('../../fixtures/staffb')
const { envelope } = require('../../wx')

const server = () => global.wx.__server
const PAGE = 'packages/station/certify/index'
const ended = orderDetail({ status: 'to_evaluate', status_label: '待评价', actions: [] })

function serve(takes) {
  server().on('GET /orders/{order_id}', ended)
  server().on('GET /orders/{order_id}/takes', takes || takers)
  server().on('GET /subscriptions', common.answers['GET /subscriptions'])
  server().on('POST /subscriptions', common.answers['POST /subscriptions'])
}

// Fills what has no default: the two summaries, the six ratings and a service photo.
function complete(page) {
  page.instance.onPhotos({ detail: { ids: [501], images: [{ id: 501, url: 'u' }] } })
  page.instance.onSummary({ currentTarget: { dataset: { key: 'service_summary' } }, detail: ' 陪同复诊并取药 ' })
  page.instance.onSummary({ currentTarget: { dataset: { key: 'effect_summary' } }, detail: '老人满意' })
  ;[5, 4, 5, 5, 4, 3].forEach((v, i) => page.instance.onRate({ currentTarget: { dataset: { index: i } }, detail: v }))
}

describe('packages/station/certify', () => {
  test('lists the approved takers with the order\'s length as default hours, and the six rating labels', async () => {
    serve()
    const page = await renderPage(PAGE, { order_id: '301' })
    expect(server().last('GET /orders/{order_id}/takes').query).toEqual({ status: 'approved' })
    const shown = text(page)
    ;['陪同黄婆婆复诊', '44010626120509301512', '陈晓明', '志愿者', '天河青年志愿服务队', '接单服务商', '服务对象人次',
      '服务对象人数', '服务人员人次', '服务人员人数', '服务情况纪要', '成效小结', '服务照片',
      '1.订单服务总体评价', '2.订单服务安排内容', '3.订单服务服务效果', '4.服务人员服务态度', '5.服务人员服务技能', '6.服务人员服务效率',
    ].forEach((s) => expect(shown).toContain(s))
    expect(page.data.rows.map((r) => r.hours)).toEqual(['2', '2'])
    expect(page.data.startDate).toBe('2026-12-10')
    expect(page.data.counts).toEqual({ beneficiary_person_times: '1', beneficiary_headcount: '1', volunteer_person_times: '1', volunteer_headcount: '1' })
    expect(shown).not.toContain('服务结束（待评价）后才能提交')
  })

  test('submits every field: asks for the review-result subscription first, then redirects to the certification', async () => {
    serve()
    server().on('POST /orders/{order_id}/certifications', answers['POST /orders/{order_id}/certifications'])
    const page = await renderPage(PAGE, { order_id: '301' })
    complete(page)
    page.instance.onHours({ currentTarget: { dataset: { index: 1 } }, detail: '1.5' })
    page.instance.onCount({ currentTarget: { dataset: { key: 'volunteer_person_times' } }, detail: '3' })
    page.instance.onCount({ currentTarget: { dataset: { key: 'volunteer_headcount' } }, detail: '2' })
    page.instance.onPhotos({ detail: { ids: [501, 502], images: [{ id: 501, url: 'u1' }, { id: 502, url: 'u2' }] } })
    await tap(page, '#submit', 'click')
    await flush()
    expect(global.wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['tpl-result'] }))
    const call = server().last('POST /orders/{order_id}/certifications')
    expect(call.params).toEqual({ order_id: '301' })
    expect(call.data).toEqual({
      service_date_start: '2026-12-10', service_date_end: '2026-12-10',
      hours: [{ take_id: 801, hours: 2 }, { take_id: 802, hours: 1.5 }],
      beneficiary_person_times: 1, beneficiary_headcount: 1, volunteer_person_times: 3, volunteer_headcount: 2,
      service_summary: '陪同复诊并取药', effect_summary: '老人满意', photo_ids: [501, 502],
      rating_overall: 5, rating_arrangement: 4, rating_effect: 5, rating_attitude: 5, rating_skill: 4, rating_efficiency: 3,
    })
    expect(global.wx.redirectTo).toHaveBeenCalledWith({ url: '/packages/station/certification/index?id=71' })
  })

  test('client checks: hours above 0 with one decimal, dates in order, counts, summaries and ratings — nothing sent', async () => {
    serve()
    const page = await renderPage(PAGE, { order_id: '301' })
    page.instance.onHours({ currentTarget: { dataset: { index: 0 } }, detail: '0' })
    page.instance.onHours({ currentTarget: { dataset: { index: 1 } }, detail: '1.25' })
    page.instance.onStartDate({ detail: { value: '2026-12-11' } })
    page.instance.onEndDate({ detail: { value: '2026-12-10' } })
    page.instance.onCount({ currentTarget: { dataset: { key: 'beneficiary_headcount' } }, detail: '2' })
    page.instance.onCount({ currentTarget: { dataset: { key: 'volunteer_person_times' } }, detail: '-1' })
    await tap(page, '#submit', 'click')
    const shown = text(page)
    ;['服务时数应大于 0', '服务时数最多保留一位小数', '服务结束日期不能早于开始日期', '服务对象人数不能多于人次',
      '应为不小于 0 的整数', '请填写', '请评分', '请上传至少 1 张服务照片'].forEach((s) => expect(shown).toContain(s))
    expect(page.data.errors.rating_efficiency).toBe('请评分')
    expect(server().callsTo('POST /orders/{order_id}/certifications')).toHaveLength(0)
    expect(global.wx.requestSubscribeMessage).not.toHaveBeenCalled()
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '请检查填写的内容' }))
  })

  test('422 field errors land in place, hours errors on their row', async () => {
    serve()
    server().on('POST /orders/{order_id}/certifications', {
      status: 422,
      body: envelope(422, 'validation_error', '提交的内容有误', {
        service_date_start: ['服务日期不能晚于今天'],
        volunteer_headcount: ['服务人员人数不能少于认证时数的志愿者人数（1）'],
        hours: { 1: { hours: ['服务时数不能超过 24 小时（每天最多 24 小时）'] } },
      }),
    })
    const page = await renderPage(PAGE, { order_id: '301' })
    complete(page)
    await tap(page, '#submit', 'click')
    await flush()
    const shown = text(page)
    expect(shown).toContain('服务日期不能晚于今天')
    expect(shown).toContain('服务人员人数不能少于认证时数的志愿者人数（1）')
    expect(page.data.rows[1].error).toBe('服务时数不能超过 24 小时（每天最多 24 小时）')
    expect(page.data.rows[0].error).toBe('')
    expect(global.wx.redirectTo).not.toHaveBeenCalled()
    expect(page.data.busy).toBe(false)
  })

  test('a 422 on the whole hours list is shown under the list', async () => {
    serve()
    server().on('POST /orders/{order_id}/certifications', { status: 422, body: envelope(422, 'validation_error', '提交的内容有误', { hours: ['请至少为一位接单人认证时数'] }) })
    const page = await renderPage(PAGE, { order_id: '301' })
    complete(page)
    await tap(page, '#submit', 'click')
    await flush()
    expect(text(page)).toContain('请至少为一位接单人认证时数')
  })

  test('409 (already filed, or the order has not ended) shows the server\'s message', async () => {
    serve()
    server().on('POST /orders/{order_id}/certifications', { status: 409, body: envelope(409, 'certification_exists', '该订单已有待审核或已通过的时数认证') })
    const page = await renderPage(PAGE, { order_id: '301' })
    complete(page)
    await tap(page, '#submit', 'click')
    await flush()
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '该订单已有待审核或已通过的时数认证' }))
    expect(global.wx.redirectTo).not.toHaveBeenCalled()
  })

  test('an aborted order is certified for the hours before the abort, a photo is required', async () => {
    serve()
    server().on('GET /orders/{order_id}', orderDetail({ status: 'aborted', status_label: '已中止', actions: [] }))
    server().on('POST /orders/{order_id}/certifications', { status: 201, body: { id: 72 } })
    const page = await renderPage(PAGE, { order_id: '301' })
    expect(text(page)).toContain('订单已中止：只认证中止前已服务的时数')
    expect(text(page)).not.toContain('后才能提交时数认证')
    page.instance.onSummary({ currentTarget: { dataset: { key: 'service_summary' } }, detail: '陪同复诊' })
    page.instance.onSummary({ currentTarget: { dataset: { key: 'effect_summary' } }, detail: '老人满意' })
    ;[5, 4, 5, 5, 4, 3].forEach((v, i) => page.instance.onRate({ currentTarget: { dataset: { index: i } }, detail: v }))
    await tap(page, '#submit', 'click')
    expect(page.data.errors.photo_ids).toBe('请上传至少 1 张服务照片')
    expect(server().callsTo('POST /orders/{order_id}/certifications')).toHaveLength(0)
    page.instance.onPhotos({ detail: { ids: [501], images: [{ id: 501, url: 'u' }] } })
    await tap(page, '#submit', 'click')
    await flush()
    expect(server().last('POST /orders/{order_id}/certifications').data.photo_ids).toEqual([501])
  })

  test('an order with no approved taker cannot be certified; one not yet ended says so', async () => {
    serve([taker({ status: 'rejected' })])
    server().on('GET /orders/{order_id}', orderDetail({ status: 'in_progress', status_label: '进行中' }))
    const page = await renderPage(PAGE, { order_id: '301' })
    expect(text(page)).toContain('该订单没有审核通过的接单人，无法认证时数')
    expect(text(page)).toContain('订单当前为“进行中”，服务结束（待评价）或中止后才能提交时数认证')
    await page.instance.onSubmit()
    expect(server().callsTo('POST /orders/{order_id}/certifications')).toHaveLength(0)
  })

  test('a failed load shows the message; 重试 loads again', async () => {
    serve()
    server().on('GET /orders/{order_id}/takes', { status: 403, body: envelope(403, 'forbidden', '没有权限查看该订单') })
    const page = await renderPage(PAGE, { order_id: '301' })
    expect(text(page)).toContain('没有权限查看该订单')
    serve()
    await tap(page, '#retry', 'click')
    await flush()
    expect(text(page)).toContain('天河青年志愿服务队')
  })
})
