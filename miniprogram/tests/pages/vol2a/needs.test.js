const { renderPage, text, tap, flush } = require('../../helpers')
const { envelope } = require('../../wx')
const fx = require('../../fixtures/vol2a')

const server = () => global.wx.__server
const PAGE = 'packages/volunteer/needs/index'

describe('packages/volunteer/needs (需求信息)', () => {
  beforeEach(() => {
    server().on('GET /zones', fx.answers['GET /zones'])
  })

  test('lists needs with publisher, region, dates and status', async () => {
    server().on('GET /needs', fx.answers['GET /needs'])
    const page = await renderPage(PAGE)
    expect(server().last('GET /needs').query).toEqual({ page: '1', page_size: '20' })
    const shown = text(page)
    expect(shown).toContain('【七彩假期】社区儿童暑期托管')
    expect(shown).toContain('共青团广州市天河区委员会 · 天河区')
    expect(shown).toContain('2026-07-10 至 2026-08-20 · 需 12 人')
    expect(shown).toContain('待认领')
    expect(shown).toContain('共 41 条需求')
    expect(page.data.zoneOptions[1]).toEqual({ text: '七彩假期', value: 3 })
    await tap(page, '.need', 'tap')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/volunteer/need/index?id=401' })
  })

  test('zone, status and keyword filters go to the query', async () => {
    server().on('GET /needs', fx.answers['GET /needs'])
    const page = await renderPage(PAGE)
    await page.instance.onZone({ detail: 3 })
    await page.instance.onStatus({ detail: 'unclaimed' })
    await page.instance.onSearch({ detail: ' 托管 ' })
    expect(server().last('GET /needs').query).toEqual({ zone_id: '3', status: 'unclaimed', keyword: '托管', page: '1', page_size: '20' })
  })

  test('the next page is page 2 while total says there are more; pull-to-refresh starts over', async () => {
    server().on('GET /needs', (req) => (req.query.page === '2'
      ? { items: [fx.need({ id: 402, title: '长者陪伴' })], total: 21, page: 2, page_size: 20 }
      : { items: Array.from({ length: 20 }, (_, i) => fx.need({ id: 500 - i })), total: 21, page: 1, page_size: 20 }))
    const page = await renderPage(PAGE)
    await page.instance.onReachBottom()
    await flush()
    expect(server().last('GET /needs').query.page).toBe('2')
    expect(text(page)).toContain('长者陪伴')
    expect(page.data.listFinished).toBe(true)
    await page.instance.onPullDownRefresh()
    expect(server().last('GET /needs').query.page).toBe('1')
    expect(page.data.items).toHaveLength(20)
  })

  test('empty and error states', async () => {
    server().on('GET /needs', { items: [], total: 0, page: 1, page_size: 20 })
    let page = await renderPage(PAGE)
    expect(text(page)).toContain('暂无需求')
    server().on('GET /zones', { status: 500, body: envelope(500, 'server_error', '出错') })
    server().on('GET /needs', { status: 500, body: envelope(500, 'server_error', '服务器开小差了，请稍后再试') })
    page = await renderPage(PAGE)
    expect(text(page)).toContain('服务器开小差了，请稍后再试')
    server().on('GET /needs', fx.answers['GET /needs'])
    await page.instance.onListRetry()
    await flush()
    expect(text(page)).toContain('社区儿童暑期托管')
  })
})
