const { renderPage, text, tap, flush } = require('../../helpers')
const { answers, feedItem } = require('../../fixtures/vol1')
const { region } = require('../../fixtures/common')
const { envelope } = require('../../wx')

const server = () => global.wx.__server
const PAGE = 'pages/feed/index'

function serveChoices() {
  server().on('GET /regions', (req) => (req.query.parent_code === '440106'
    ? [region('440106011', '五山街道', 'street', 11), region('440106012', '石牌街道', 'street', 12)]
    : answers['GET /regions']))
  server().on('GET /catalogues/{kind}', (req) => (req.params.kind === 'service_type'
    ? [{ code: 'care', name: '生活照料' }]
    : answers['GET /catalogues/{kind}']))
}

async function render(feed) {
  serveChoices()
  server().on('GET /order-feed', feed || answers['GET /order-feed'])
  return renderPage(PAGE)
}

describe('pages/feed', () => {
  test('lists open orders with item, street, time span and places left; menus filled', async () => {
    const page = await render()
    const shown = text(page)
    expect(shown).toContain('陪同长者到医院复诊')
    expect(shown).toContain('陪同就医 · 五山街道')
    expect(shown).toContain('12-05 14:30–16:30')
    expect(shown).toContain('剩余 1 个名额')
    expect(shown).toContain('按开始时间排序')
    expect(server().last('GET /order-feed').query).toEqual({ limit: '20' })
    expect(server().last('GET /regions').query).toEqual({ level: 'district' })
    expect(page.data.districts.map((d) => d.text)).toEqual(['全部', '天河区', '越秀区'])
    expect(page.data.serviceItems.map((d) => d.value)).toEqual(['', 'escort', 'shopping'])
    expect(page.data.serviceTypes.map((d) => d.text)).toEqual(['全部', '生活照料'])
  })

  test('tapping a row opens the order', async () => {
    const page = await render()
    await tap(page, '#order-6')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/volunteer/order/index?id=6' })
  })

  test('empty feed says so', async () => {
    const page = await render({ items: [], next_cursor: null })
    expect(text(page)).toContain('暂无待接单的订单')
  })

  test('an error shows the message and retry reloads', async () => {
    const page = await render({ status: 500, body: envelope(500, 'internal_error', '服务器开小差了') })
    expect(text(page)).toContain('服务器开小差了')
    server().on('GET /order-feed', answers['GET /order-feed'])
    page.querySelector('#list').instance.onRetry() // the list-state's 重试 button
    await flush()
    expect(text(page)).toContain('陪同长者到医院复诊')
    expect(text(page)).not.toContain('服务器开小差了')
  })

  test('district, street, item, type and time window go into the query; street list follows the district', async () => {
    const page = await render()
    await page.instance.onDistrict({ detail: '440106' })
    await flush()
    expect(server().last('GET /regions').query).toEqual({ parent_code: '440106' })
    expect(page.data.streets.map((s) => s.text)).toEqual(['全部', '五山街道', '石牌街道'])
    await page.instance.onStreet({ detail: '440106011' })
    await page.instance.onServiceItem({ detail: 'escort' })
    await page.instance.onServiceType({ detail: 'care' })
    await page.instance.onWindow({ detail: '7d' })
    await flush()
    const q = server().last('GET /order-feed').query
    expect(q).toMatchObject({ district_code: '440106', street_code: '440106011', service_item_code: 'escort', service_type_code: 'care', limit: '20' })
    const span = Date.parse(q.starts_to) - Date.parse(q.starts_from)
    expect(span).toBe(7 * 24 * 3600e3)
    // a new district clears the street
    await page.instance.onDistrict({ detail: '' })
    await flush()
    expect(server().last('GET /order-feed').query.street_code).toBeUndefined()
    expect(server().last('GET /order-feed').query.district_code).toBeUndefined()
  })

  test('附近 sorts by distance from the current position and shows distances; tapping again goes back', async () => {
    const page = await render()
    server().on('GET /order-feed', { items: [feedItem(5, { distance_km: 1.234 }), feedItem(6, { distance_km: 3.5 })], next_cursor: null })
    await tap(page, '#nearby', 'click')
    await flush()
    expect(global.wx.getLocation).toHaveBeenCalled()
    expect(server().last('GET /order-feed').query).toEqual({ sort: 'distance', lat: '23.13', lng: '113.33', limit: '20' })
    expect(text(page)).toContain('1.2 km')
    expect(text(page)).toContain('按距离由近到远')
    await tap(page, '#nearby', 'click')
    await flush()
    expect(server().last('GET /order-feed').query).toEqual({ limit: '20' })
    expect(text(page)).not.toContain('1.2 km')
  })

  test('a refused location keeps sorting by time and says why', async () => {
    const page = await render()
    global.wx.getLocation = jest.fn((opts) => setTimeout(() => opts.fail({ errMsg: 'getLocation:fail auth deny' }), 0))
    const before = server().callsTo('GET /order-feed').length
    await tap(page, '#nearby', 'click')
    await flush()
    expect(text(page)).toContain('未获得位置授权，仍按开始时间排序')
    expect(page.data.nearby).toBe(false)
    expect(server().callsTo('GET /order-feed')).toHaveLength(before)
  })

  test('reaching the bottom asks for the next cursor; pull-to-refresh starts over', async () => {
    const page = await render({ items: [feedItem(5)], next_cursor: 'c-2' })
    server().on('GET /order-feed', (req) => (req.query.cursor === 'c-2'
      ? { items: [feedItem(8, { title: '第二页的订单' })], next_cursor: null }
      : { items: [feedItem(5)], next_cursor: 'c-2' }))
    await page.instance.onReachBottom()
    await flush()
    expect(server().last('GET /order-feed').query).toEqual({ cursor: 'c-2', limit: '20' })
    expect(text(page)).toContain('第二页的订单')
    expect(text(page)).toContain('没有更多了')
    await page.instance.onPullDownRefresh()
    await flush()
    expect(server().last('GET /order-feed').query).toEqual({ limit: '20' })
    expect(text(page)).not.toContain('第二页的订单')
    expect(global.wx.stopPullDownRefresh).toHaveBeenCalled()
  })
})
