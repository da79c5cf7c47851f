const { renderPage, text, tap, flush } = require('../../helpers')
const { envelope } = require('../../wx')
const fx = require('../../fixtures/vol2a')

const server = () => global.wx.__server
const PAGE = 'packages/volunteer/my-activities/index'

describe('packages/volunteer/my-activities (我的活动)', () => {
  // van-tabs looks for the current page to follow its scrolling; there is none in tests.
  beforeAll(() => { global.getCurrentPages = () => [] })
  afterAll(() => { delete global.getCurrentPages })

  test('进行中 lists my sign-ups with their attendance state', async () => {
    server().on('GET /me/activities', fx.answers['GET /me/activities'])
    const page = await renderPage(PAGE)
    expect(server().last('GET /me/activities').query).toEqual({ tab: 'ongoing', limit: '20' })
    expect(text(page)).toContain('华农社区长者义剪')
    expect(text(page)).toContain('活动确认：未确认')
    await tap(page, '.mine', 'tap')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/volunteer/activity/index?id=301' })
  })

  test('已结束 asks with tab=ended and shows credited hours and points', async () => {
    server().on('GET /me/activities', fx.answers['GET /me/activities'])
    const page = await renderPage(PAGE)
    server().on('GET /me/activities', {
      items: [{ signup_id: 880, signed_up_at: '2026-10-01T02:00:00+00:00', activity: fx.activity({ title: '五山路环保宣传', status: 'ended', status_label: '已结束' }), attendance: { state: 'attended', state_label: '已到', hours: 2, points: 20 } }],
      next_before_id: null,
    })
    await page.instance.onTab({ detail: { index: 1 } })
    await flush()
    expect(server().last('GET /me/activities').query).toEqual({ tab: 'ended', limit: '20' })
    expect(text(page)).toContain('五山路环保宣传')
    expect(text(page)).toContain('已到（时长 2 小时，积分 20）')
    expect(text(page)).not.toContain('华农社区长者义剪')
  })

  test('paging uses next_before_id and keeps the tab; pull-to-refresh starts over', async () => {
    server().on('GET /me/activities', (req) => (req.query.before_id
      ? { items: [{ signup_id: 850, signed_up_at: '2026-10-01T02:00:00+00:00', activity: fx.activity({ id: 310, title: '石牌桥义诊' }), attendance: { state: 'unconfirmed', state_label: '未确认', hours: null, points: null } }], next_before_id: null }
      : fx.answers['GET /me/activities']))
    const page = await renderPage(PAGE)
    await page.instance.onReachBottom()
    await flush()
    expect(server().last('GET /me/activities').query).toEqual({ tab: 'ongoing', limit: '20', before_id: '901' })
    expect(text(page)).toContain('石牌桥义诊')
    await page.instance.onPullDownRefresh()
    expect(page.data.items).toHaveLength(1)
  })

  test('empty tabs and errors with retry', async () => {
    server().on('GET /me/activities', { items: [], next_before_id: null })
    let page = await renderPage(PAGE)
    expect(text(page)).toContain('暂无进行中的活动')
    server().on('GET /me/activities', { status: 500, body: envelope(500, 'server_error', '服务器开小差了，请稍后再试') })
    page = await renderPage(PAGE)
    expect(text(page)).toContain('服务器开小差了，请稍后再试')
    server().on('GET /me/activities', fx.answers['GET /me/activities'])
    await page.instance.onListRetry()
    await flush()
    expect(text(page)).toContain('华农社区长者义剪')
  })
})
