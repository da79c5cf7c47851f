const { renderPage, text, tap, flush } = require('../../helpers')
const { answers, report } = require('../../fixtures/comm')
const { envelope } = require('../../wx')

const PAGE = 'packages/community/reports/index'
const server = () => global.wx.__server
const approvedList = () => ({
  items: [
    report(81, { status: 'approved', status_label: '审核通过' }),
    report(79, { status: 'approved', status_label: '审核通过', title: '已发布的心得', is_published: true, published_at: '2026-12-01T02:00:00+00:00' }),
  ],
  next_before_id: null,
})

beforeEach(() => {
  server().on('GET /me', answers['GET /me'])
  server().on('GET /reports/review', answers['GET /reports/review'])
})

describe('community/reports', () => {
  test('lists pending reports with kind, author, content and photos', async () => {
    const page = await renderPage(PAGE)
    expect(server().last('GET /reports/review').query).toEqual({ organisation_id: '21', status: 'pending', limit: '20' })
    const t = text(page)
    expect(t).toContain('陪伴老人的一天')
    expect(t).toContain('活动计划')
    expect(t).toContain('上报人：李佳怡')
    expect(t).toContain('今天去敬老院陪老人聊天，收获很多。')
    await tap(page, '.photo')
    expect(global.wx.previewImage).toHaveBeenCalledWith({ urls: [answers['GET /reports/review'].items[0].photos[0].url], current: answers['GET /reports/review'].items[0].photos[0].url })
  })

  test('empty and error states with retry; paging and refresh', async () => {
    server().on('GET /reports/review', { items: [], next_before_id: null })
    let page = await renderPage(PAGE)
    expect(text(page)).toContain('暂无上报')
    server().on('GET /reports/review', { status: 500, body: envelope(500, 'internal', '服务器开小差了') })
    page = await renderPage(PAGE)
    expect(text(page)).toContain('服务器开小差了')
    server().on('GET /reports/review', answers['GET /reports/review'])
    await page.instance.onListRetry()
    await flush()
    expect(text(page)).toContain('陪伴老人的一天')
    await page.instance.onReachBottom()
    expect(server().last('GET /reports/review').query.before_id).toBe('80')
    await page.instance.onPullDownRefresh()
    expect(global.wx.stopPullDownRefresh).toHaveBeenCalled()
  })

  test('通过 publishes at once by default; unticking 同时发布 sends publish false', async () => {
    server().on('POST /reports/{report_id}/approve', answers['POST /reports/{report_id}/approve'])
    const page = await renderPage(PAGE)
    await tap(page, '.approve', 'click')
    await flush()
    expect(server().last('POST /reports/{report_id}/approve')).toMatchObject({ params: { report_id: '81' }, data: { publish: true } })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已通过并发布' }))
    page.instance.onPublishToggle({ detail: false })
    await tap(page, '.approve', 'click')
    await flush()
    expect(server().last('POST /reports/{report_id}/approve').data).toEqual({ publish: false })
    expect(server().callsTo('GET /reports/review').length).toBe(3)
  })

  test('不通过 sends the reason; 409 shows the message and reloads', async () => {
    server().on('POST /reports/{report_id}/reject', answers['POST /reports/{report_id}/reject'])
    global.wx.__modalText = '内容与志愿服务无关'
    const page = await renderPage(PAGE)
    await tap(page, '.reject', 'click')
    await flush()
    expect(server().last('POST /reports/{report_id}/reject').data).toEqual({ reason: '内容与志愿服务无关' })
    server().on('POST /reports/{report_id}/reject', { status: 409, body: envelope(409, 'report_reviewed', '该上报已审核') })
    await tap(page, '.reject', 'click')
    await flush()
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '该上报已审核' }))
    expect(server().callsTo('GET /reports/review').length).toBe(3)
  })

  test('approved tab: 发布 and 撤下 update the row in place', async () => {
    server().on('GET /reports/review', approvedList())
    server().on('POST /reports/{report_id}/publish', answers['POST /reports/{report_id}/publish'])
    server().on('POST /reports/{report_id}/unpublish', answers['POST /reports/{report_id}/unpublish'])
    const page = await renderPage(PAGE)
    await tap(page, '#tab-approved')
    expect(server().last('GET /reports/review').query.status).toBe('approved')
    expect(page.querySelectorAll('.publish').length).toBe(1)
    expect(page.querySelectorAll('.unpublish').length).toBe(1)
    await tap(page, '.publish', 'click')
    await flush()
    expect(server().last('POST /reports/{report_id}/publish').params.report_id).toBe('81')
    expect(page.data.items[0].is_published).toBe(true)
    expect(page.querySelectorAll('.unpublish').length).toBe(2)
    await tap(page, '.unpublish', 'click')
    await flush()
    expect(server().last('POST /reports/{report_id}/unpublish').params.report_id).toBe('81')
    expect(page.data.items[0].is_published).toBe(false)
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已撤下' }))
  })
})
