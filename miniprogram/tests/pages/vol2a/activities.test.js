const { renderPage, text, tap, flush } = require('../../helpers')
const { envelope } = require('../../wx')
const fx = require('../../fixtures/vol2a')

const server = () => global.wx.__server
const filters = () => {
  server().on('GET /catalogues/{kind}', fx.answers['GET /catalogues/{kind}'])
  server().on('GET /regions', fx.answers['GET /regions'])
}

describe('pages/activities (活动 tab)', () => {
  beforeEach(filters)

  test('lists activities with organiser, time span, places left and status', async () => {
    server().on('GET /activities', fx.answers['GET /activities'])
    const page = await renderPage('pages/activities/index')
    const shown = text(page)
    expect(shown).toContain('华农社区长者义剪')
    expect(shown).toContain('五山街道华农社区居委会')
    expect(shown).toContain('12-05 14:00–16:00')
    expect(shown).toContain('剩余名额 6 / 10')
    expect(shown).toContain('已结束')
    expect(server().last('GET /catalogues/{kind}').params.kind).toBe('activity_category')
    expect(server().last('GET /regions').query).toEqual({ level: 'district' })
    expect(page.data.categoryOptions.map((o) => o.text)).toEqual(['全部类别', '为老服务', '环境保护'])
    expect(page.data.regionOptions[1]).toEqual({ text: '天河区', value: '440106' })
  })

  test('filters go to the query and reload the list', async () => {
    server().on('GET /activities', fx.answers['GET /activities'])
    const page = await renderPage('pages/activities/index')
    await page.instance.onCategory({ detail: 'elderly' })
    await page.instance.onStatus({ detail: 'recruiting' })
    await page.instance.onRegion({ detail: '440106' })
    await flush()
    expect(server().last('GET /activities').query).toEqual({ category: 'elderly', status: 'recruiting', region: '440106', limit: '20' })
  })

  test('reaching the bottom asks for the next page with before_id; pull-to-refresh starts over', async () => {
    server().on('GET /activities', (req) => (req.query.before_id
      ? { items: [fx.activity({ id: 299, title: '石牌桥义诊' })], next_before_id: null }
      : fx.answers['GET /activities']))
    const page = await renderPage('pages/activities/index')
    await page.instance.onReachBottom()
    await flush()
    expect(server().last('GET /activities').query.before_id).toBe('300')
    expect(text(page)).toContain('石牌桥义诊')
    expect(text(page)).toContain('没有更多了')
    await page.instance.onPullDownRefresh()
    expect(server().last('GET /activities').query.before_id).toBeUndefined()
    expect(page.data.items).toHaveLength(2)
    expect(global.wx.stopPullDownRefresh).toHaveBeenCalled()
  })

  test('tapping a row opens the activity', async () => {
    server().on('GET /activities', fx.answers['GET /activities'])
    const page = await renderPage('pages/activities/index')
    await tap(page, '.activity', 'tap')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/volunteer/activity/index?id=301' })
  })

  test('empty list says so', async () => {
    server().on('GET /activities', { items: [], next_before_id: null })
    const page = await renderPage('pages/activities/index')
    expect(text(page)).toContain('暂无活动')
  })

  test('a server error shows the message and the retry works; failing filter menus do not block the list', async () => {
    server().on('GET /catalogues/{kind}', { status: 500, body: envelope(500, 'server_error', '服务器开小差了') })
    server().on('GET /activities', { status: 500, body: envelope(500, 'server_error', '服务器开小差了，请稍后再试') })
    const page = await renderPage('pages/activities/index')
    expect(text(page)).toContain('服务器开小差了，请稍后再试')
    server().on('GET /activities', fx.answers['GET /activities'])
    await page.instance.onListRetry()
    await flush()
    expect(text(page)).toContain('华农社区长者义剪')
    expect(page.data.categoryOptions).toHaveLength(1)
  })
})
