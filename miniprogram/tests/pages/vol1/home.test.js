const { renderPage, text, tap, flush } = require('../../helpers')
const { answers, feedItem } = require('../../fixtures/vol1')
const { envelope } = require('../../wx')

const server = () => global.wx.__server
const PAGE = 'pages/home/index'

function serveAll() {
  ;['GET /timebank/summary', 'GET /order-feed', 'GET /activities'].forEach((k) => server().on(k, answers[k]))
}

describe('pages/home', () => {
  // The stars block asks on every render; tests about it override this.
  beforeEach(() => server().on('GET /showcase/stars', answers['GET /showcase/stars']))

  test('shows the city\'s 志愿之星; none yet (404) hides the block; an error offers a retry', async () => {
    serveAll()
    const page = await renderPage(PAGE)
    const shown = text(page)
    expect(shown).toContain('志愿之星 2026Q3')
    expect(shown).toContain('团队之星：天河青年志愿服务队')
    expect(shown).toContain('86.5 小时')
    expect(shown).toContain('个人之星：陈*')
    expect(shown).toContain('华农社区')
    server().on('GET /showcase/stars', { status: 404, body: envelope(404, 'region_not_found', '区域不存在') })
    const none = await renderPage(PAGE)
    expect(text(none)).not.toContain('志愿之星')
    server().on('GET /showcase/stars', { status: 500, body: envelope(500, 'internal_error', '服务器开小差了') })
    const failed = await renderPage(PAGE)
    expect(text(failed)).toContain('服务器开小差了')
    server().on('GET /showcase/stars', answers['GET /showcase/stars'])
    await tap(failed, '#retry-stars', 'click')
    expect(text(failed)).toContain('团队之星：天河青年志愿服务队')
  })

  test('shows the time-bank tile, the newest orders and activities', async () => {
    serveAll()
    const page = await renderPage(PAGE)
    const shown = text(page)
    expect(shown).toContain('已接单 12 次，已募集 340 积分')
    expect(shown).toContain('陪同长者到医院复诊')
    expect(shown).toContain('帮长者网购生活用品')
    expect(shown).toContain('华农社区敬老院探访')
    expect(shown).toContain('12-05 14:30–16:30')
    expect(server().last('GET /order-feed').query).toEqual({ limit: '5' })
    expect(server().last('GET /activities').query).toEqual({ limit: '5' })
  })

  test('cards open the order and the activity', async () => {
    serveAll()
    const page = await renderPage(PAGE)
    await tap(page, '#order-6')
    expect(global.wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/volunteer/order/index?id=6' })
    await tap(page, '#activity-3')
    expect(global.wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/volunteer/activity/index?id=3' })
  })

  test('entries: tabs by switchTab, the rest by navigateTo', async () => {
    serveAll()
    const page = await renderPage(PAGE)
    const go = (key) => page.instance.onEntry({ currentTarget: { dataset: { key } } })
    go('feed')
    expect(global.wx.switchTab).toHaveBeenLastCalledWith({ url: '/pages/feed/index' })
    go('activities')
    expect(global.wx.switchTab).toHaveBeenLastCalledWith({ url: '/pages/activities/index' })
    const expected = {
      needs: '/packages/volunteer/needs/index',
      reports: '/packages/volunteer/reports/index',
      help: '/packages/volunteer/help-new/index',
      join: '/packages/volunteer/join/index',
    }
    Object.keys(expected).forEach((key) => {
      go(key)
      expect(global.wx.navigateTo).toHaveBeenLastCalledWith({ url: expected[key] })
    })
    await tap(page, '#entry-reports', 'click')
    expect(global.wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/volunteer/reports/index' })
    const shown = text(page)
    ;['接单大厅', '志愿活动', '需求信息', '志愿者上报', '我要求助', '加入社区'].forEach((t) => expect(shown).toContain(t))
  })

  test('empty blocks say so', async () => {
    server().on('GET /timebank/summary', { perspective: 'volunteer', taken_count: 0, raised_points: 0 })
    server().on('GET /order-feed', { items: [], next_cursor: null })
    server().on('GET /activities', { items: [], next_before_id: null })
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('已接单 0 次，已募集 0 积分')
    expect(text(page)).toContain('暂无待接单的订单')
    expect(text(page)).toContain('暂无志愿活动')
  })

  test('one failing block shows its error and retries alone; the others still show', async () => {
    server().on('GET /timebank/summary', answers['GET /timebank/summary'])
    server().on('GET /activities', answers['GET /activities'])
    server().on('GET /order-feed', { status: 500, body: envelope(500, 'internal_error', '服务器开小差了') })
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('服务器开小差了')
    expect(text(page)).toContain('华农社区敬老院探访')
    server().on('GET /order-feed', answers['GET /order-feed'])
    const before = server().calls.length
    await tap(page, '#retry-orders', 'click')
    expect(server().calls.slice(before).map((c) => c.path)).toEqual(['/order-feed'])
    expect(text(page)).toContain('帮长者网购生活用品')
    expect(text(page)).not.toContain('服务器开小差了')
  })

  test('a network failure of the tile offers a retry', async () => {
    serveAll()
    global.wx.__offline = true
    const page = await renderPage(PAGE)
    expect(page.data.summaryError).toBeTruthy()
    global.wx.__offline = false
    await tap(page, '#retry-summary', 'click')
    expect(text(page)).toContain('已接单 12 次')
  })

  test('pull-to-refresh reloads every block', async () => {
    serveAll()
    const page = await renderPage(PAGE)
    server().on('GET /order-feed', { items: [feedItem(9, { title: '新来的订单' })], next_cursor: null })
    server().on('GET /timebank/summary', { perspective: 'volunteer', taken_count: 13, raised_points: 350 })
    await page.instance.onPullDownRefresh()
    await flush()
    expect(text(page)).toContain('新来的订单')
    expect(text(page)).toContain('已接单 13 次，已募集 350 积分')
    expect(server().callsTo('GET /activities')).toHaveLength(2)
    expect(global.wx.stopPullDownRefresh).toHaveBeenCalled()
  })
})
