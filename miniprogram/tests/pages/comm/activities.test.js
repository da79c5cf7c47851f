const { renderPage, text, tap, flush, waitForText } = require('../../helpers')
const { answers } = require('../../fixtures/comm')
const { envelope } = require('../../wx')

const PAGE = 'packages/community/activities/index'
const server = () => global.wx.__server

beforeEach(() => {
  server().on('GET /me', answers['GET /me'])
  server().on('GET /activities', answers['GET /activities'])
})

describe('community/activities', () => {
  test('lists my community\'s activities with their state and numbers', async () => {
    const page = await renderPage(PAGE)
    expect(server().last('GET /activities').query).toEqual({ organisation_id: '21', limit: '20' })
    const t = text(page)
    expect(t).toContain('社区敬老院陪伴活动')
    expect(t).toContain('报名 3 / 10 人，剩余 7 个名额')
    expect(t).toContain('关爱老人 · 华农社区')
    expect(t).toContain('取消原因：天气原因')
    // only the recruiting one can be cancelled; the ended one (already started) can be confirmed
    expect(page.querySelectorAll('.cancel').length).toBe(1)
    expect(page.querySelectorAll('.attendance').length).toBe(1)
  })

  test('empty and error states; retry works', async () => {
    server().on('GET /activities', { items: [], next_before_id: null })
    let page = await renderPage(PAGE)
    expect(text(page)).toContain('暂无活动')
    global.wx.__offline = true
    page = await renderPage(PAGE)
    expect(page.data.listError).toBeTruthy()
    global.wx.__offline = false
    server().on('GET /activities', answers['GET /activities'])
    await page.instance.onListRetry()
    await flush()
    expect(text(page)).toContain('社区敬老院陪伴活动')
  })

  test('status tabs, paging with before_id, pull to refresh', async () => {
    const page = await renderPage(PAGE)
    await page.instance.onReachBottom()
    expect(server().last('GET /activities').query.before_id).toBe('39')
    await tap(page, '#tab-ended')
    expect(server().last('GET /activities').query).toEqual({ organisation_id: '21', status: 'ended', limit: '20' })
    await page.instance.onPullDownRefresh()
    expect(global.wx.stopPullDownRefresh).toHaveBeenCalled()
  })

  test('发布活动 and 活动确认 open their pages; coming back reloads', async () => {
    const page = await renderPage(PAGE)
    await tap(page, '#create', 'click')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/community/activity-form/index?organisation_id=21' })
    await tap(page, '.attendance', 'click')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/community/attendance/index?id=40' })
    const before = server().callsTo('GET /activities').length
    await page.instance.onShow()
    await flush()
    expect(server().callsTo('GET /activities').length).toBe(before + 1)
  })

  test('报名名单 shows names and masked phones in a popup; an error offers retry', async () => {
    server().on('GET /activities/{activity_id}/signups', { status: 403, body: envelope(403, 'forbidden', '无权查看') })
    const page = await renderPage(PAGE)
    await tap(page, '.signups', 'click')
    await waitForText(page, '无权查看')
    expect(text(page)).toContain('无权查看')
    server().on('GET /activities/{activity_id}/signups', answers['GET /activities/{activity_id}/signups'])
    await tap(page, '#signups-retry', 'click')
    await waitForText(page, '138****5678')
    expect(server().last('GET /activities/{activity_id}/signups').params.activity_id).toBe('41')
    const t = text(page)
    expect(t).toContain('报名名单：社区敬老院陪伴活动')
    expect(t).toContain('138****5678')
    expect(t).toContain('未填写姓名')
    expect(t).toContain('已取消')
  })

  test('取消活动 asks a reason, sends it, reloads; 409 shows the message', async () => {
    server().on('POST /activities/{activity_id}/cancel', answers['POST /activities/{activity_id}/cancel'])
    global.wx.__modalText = '场地维修'
    const page = await renderPage(PAGE)
    await tap(page, '.cancel', 'click')
    await flush()
    expect(server().last('POST /activities/{activity_id}/cancel')).toMatchObject({ params: { activity_id: '41' }, data: { reason: '场地维修' } })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '活动已取消' }))
    expect(server().callsTo('GET /activities').length).toBe(2)
    server().on('POST /activities/{activity_id}/cancel', { status: 409, body: envelope(409, 'activity_ended', '活动已结束，不能取消') })
    await tap(page, '.cancel', 'click')
    await flush()
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '活动已结束，不能取消' }))
  })

  test('cancelling the reason box sends nothing', async () => {
    global.wx.showModal = jest.fn((o) => setTimeout(() => o.success({ confirm: false, cancel: true }), 0))
    const page = await renderPage(PAGE)
    await tap(page, '.cancel', 'click')
    await flush()
    expect(server().callsTo('POST /activities/{activity_id}/cancel')).toEqual([])
  })
})
