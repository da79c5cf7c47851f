const { renderPage, text, tap, flush, waitForText } = require('../../helpers')
const { answers, helpDetail, assignment } = require('../../fixtures/comm')
const { envelope } = require('../../wx')


const PAGE = 'packages/community/help-request/index'
const server = () => global.wx.__server
const assigned = () => helpDetail({ status: 'assigned', status_label: '已安排', assignments: [assignment(12, '李佳怡', { result: '已陪同', reported_at: '2026-12-08T05:00:00+00:00' }), assignment(13, '张伟')] })

beforeEach(() => {
  server().on('GET /help-requests/{request_id}', answers['GET /help-requests/{request_id}'])
  server().on('GET /community/volunteers', answers['GET /community/volunteers'])
})

describe('community/help-request', () => {
  test('shows the request with the contact in clear; the phone can be called', async () => {
    const page = await renderPage(PAGE, { id: '71' })
    expect(server().last('GET /help-requests/{request_id}').params.request_id).toBe('71')
    const t = text(page)
    expect(t).toContain('周一上午需要有人陪同去医院复查')
    expect(t).toContain('尚未安排志愿者')
    await tap(page, '#phone', 'click')
    expect(global.wx.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '13700002222' })
  })

  test('an error shows the message and retry loads', async () => {
    server().on('GET /help-requests/{request_id}', { status: 404, body: envelope(404, 'not_found', '求助不存在') })
    const page = await renderPage(PAGE, { id: '71' })
    expect(text(page)).toContain('求助不存在')
    server().on('GET /help-requests/{request_id}', answers['GET /help-requests/{request_id}'])
    await tap(page, '#retry', 'click')
    expect(text(page)).toContain('独居老人需要陪同就医')
  })

  test('安排志愿者: search by name, pick, send the ids', async () => {
    server().on('POST /help-requests/{request_id}/assign', answers['POST /help-requests/{request_id}/assign'])
    const page = await renderPage(PAGE, { id: '71' })
    await tap(page, '#assign', 'click')
    await waitForText(page, '天河区教育局')
    expect(text(page)).toContain('天河区教育局')
    page.instance.onPickName({ detail: '李' })
    await page.instance.search()
    // The request's community (organisation 21), not a region derived from my memberships.
    expect(server().last('GET /community/volunteers').query).toEqual({ organisation_id: '21', name: '李', limit: '50' })
    page.instance.onPickChange({ detail: ['12'] })
    await tap(page, '#assign-submit', 'click')
    await flush()
    expect(server().last('POST /help-requests/{request_id}/assign').data).toEqual({ volunteer_ids: [12] })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已安排' }))
    expect(page.data.pick.show).toBe(false)
    expect(text(page)).toContain('已安排')
  })

  test('a community out of my reach: the roster\'s 404 shows in the picker and retry asks again', async () => {
    server().on('GET /community/volunteers', { status: 404, body: envelope(404, 'community_not_found', '社区不存在') })
    const page = await renderPage(PAGE, { id: '71' })
    await tap(page, '#assign', 'click')
    await waitForText(page, '社区不存在')
    expect(text(page)).toContain('社区不存在')
    server().on('GET /community/volunteers', answers['GET /community/volunteers'])
    await tap(page, '#pick-retry', 'click')
    await flush()
    expect(server().callsTo('GET /community/volunteers')).toHaveLength(2)
    expect(server().last('GET /community/volunteers').query).toMatchObject({ organisation_id: '21' })
    expect(text(page)).toContain('天河区教育局')
  })

  test('already assigned volunteers are not offered again; nothing chosen sends nothing', async () => {
    server().on('GET /help-requests/{request_id}', assigned())
    const page = await renderPage(PAGE, { id: '71' })
    await tap(page, '#assign', 'click')
    await waitForText(page, '没有可安排的志愿者')
    expect(page.data.pick.rows).toEqual([])
    expect(text(page)).toContain('没有可安排的志愿者')
    await tap(page, '#assign-submit', 'click')
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '请选择志愿者' }))
  })

  test('a 409 on assigning shows the message and reloads', async () => {
    server().on('POST /help-requests/{request_id}/assign', { status: 409, body: envelope(409, 'help_request_withdrawn', '求助人已撤回该求助') })
    const page = await renderPage(PAGE, { id: '71' })
    await tap(page, '#assign', 'click')
    await waitForText(page, '天河区教育局')
    page.instance.onPickChange({ detail: ['12', '13'] })
    await tap(page, '#assign-submit', 'click')
    await flush()
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '求助人已撤回该求助' }))
    expect(server().callsTo('GET /help-requests/{request_id}').length).toBe(2)
  })

  test('不予受理 sends the reason', async () => {
    server().on('POST /help-requests/{request_id}/decline', answers['POST /help-requests/{request_id}/decline'])
    global.wx.__modalText = '不属于本社区'
    const page = await renderPage(PAGE, { id: '71' })
    await tap(page, '#decline', 'click')
    await flush()
    expect(server().last('POST /help-requests/{request_id}/decline').data).toEqual({ reason: '不属于本社区' })
    expect(text(page)).toContain('不予受理：不属于本社区')
  })

  test('办结: summary required, hours per volunteer (0 = not credited), then the closed request', async () => {
    server().on('GET /help-requests/{request_id}', assigned())
    server().on('POST /help-requests/{request_id}/close', answers['POST /help-requests/{request_id}/close'])
    const page = await renderPage(PAGE, { id: '71' })
    expect(text(page)).toContain('服务结果：已陪同')
    await tap(page, '#close', 'click')
    await waitForText(page, '为志愿者记入服务时长')
    await tap(page, '#close-submit', 'click')
    expect(text(page)).toContain('请填写办理情况')
    page.instance.onCloseSummary({ detail: '已陪同就医' })
    page.instance.onCloseHours({ currentTarget: { dataset: { index: 0 } }, detail: '2.5' })
    page.instance.onCloseHours({ currentTarget: { dataset: { index: 1 } }, detail: '0' })
    await tap(page, '#close-submit', 'click')
    await flush()
    expect(server().last('POST /help-requests/{request_id}/close').data).toEqual({ summary: '已陪同就医', hours: [{ volunteer_id: 12, hours: 2.5 }] })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已办结' }))
    expect(text(page)).toContain('记入时长：2.5 小时')
  })

  test('办结 refuses hours outside 0.1–24 and shows a 409', async () => {
    server().on('GET /help-requests/{request_id}', assigned())
    server().on('POST /help-requests/{request_id}/close', { status: 409, body: envelope(409, 'help_request_state', '该求助已办结') })
    const page = await renderPage(PAGE, { id: '71' })
    await tap(page, '#close', 'click')
    await waitForText(page, '为志愿者记入服务时长')
    page.instance.onCloseSummary({ detail: '完成' })
    page.instance.onCloseHours({ currentTarget: { dataset: { index: 0 } }, detail: '30' })
    await tap(page, '#close-submit', 'click')
    expect(text(page)).toContain('服务时长为 0.1 到 24 小时')
    expect(server().callsTo('POST /help-requests/{request_id}/close')).toEqual([])
    page.instance.onCloseHours({ currentTarget: { dataset: { index: 0 } }, detail: '1' })
    await tap(page, '#close-submit', 'click')
    await flush()
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '该求助已办结' }))
    expect(server().callsTo('GET /help-requests/{request_id}').length).toBe(2)
  })
})
