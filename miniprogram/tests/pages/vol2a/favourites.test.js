const { renderPage, text, tap, flush } = require('../../helpers')
const { envelope } = require('../../wx')
const fx = require('../../fixtures/vol2a')

const server = () => global.wx.__server
const PAGE = 'packages/volunteer/favourites/index'

describe('packages/volunteer/favourites (我的收藏)', () => {
  // van-tabs looks for the current page to follow its scrolling; there is none in tests.
  beforeAll(() => { global.getCurrentPages = () => [] })
  afterAll(() => { delete global.getCurrentPages })

  test('lists needs and organisations with their labels; a need opens its page', async () => {
    server().on('GET /me/favourites', fx.answers['GET /me/favourites'])
    const page = await renderPage(PAGE)
    expect(server().last('GET /me/favourites').query).toEqual({ limit: '20' })
    const shown = text(page)
    expect(shown).toContain('需求 【七彩假期】社区儿童暑期托管')
    expect(shown).toContain('待认领')
    expect(shown).toContain('组织 天河青年志愿服务队')
    expect(shown).toContain('志愿服务组织')
    await tap(page, '.favourite__main', 'tap')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/volunteer/need/index?id=401' })
  })

  test('kind tabs filter; paging continues with before_id', async () => {
    server().on('GET /me/favourites', (req) => (req.query.before_id ? { items: [fx.favourite({ id: 49, target_id: 399, title: '河涌清洁' })], next_before_id: null } : fx.answers['GET /me/favourites']))
    const page = await renderPage(PAGE)
    await page.instance.onTab({ detail: { index: 2 } })
    expect(server().last('GET /me/favourites').query).toEqual({ kind: 'organisation', limit: '20' })
    await page.instance.onReachBottom()
    await flush()
    expect(server().last('GET /me/favourites').query).toEqual({ kind: 'organisation', limit: '20', before_id: '50' })
    expect(text(page)).toContain('河涌清洁')
    await page.instance.onPullDownRefresh()
    expect(page.data.items).toHaveLength(2)
  })

  test('取消收藏 confirms, deletes by kind and target, and drops the row', async () => {
    server().on('GET /me/favourites', fx.answers['GET /me/favourites'])
    server().on('DELETE /me/favourites/{kind}/{target_id}', { status: 204, body: '' })
    const page = await renderPage(PAGE)
    await page.instance.onRemove({ currentTarget: { dataset: { index: 1 } } })
    await flush()
    expect(server().last('DELETE /me/favourites/{kind}/{target_id}').params).toEqual({ kind: 'organisation', target_id: '41' })
    expect(text(page)).not.toContain('天河青年志愿服务队')
    expect(page.data.items).toHaveLength(1)
  })

  test('a failed removal keeps the row and shows the message', async () => {
    server().on('GET /me/favourites', fx.answers['GET /me/favourites'])
    server().on('DELETE /me/favourites/{kind}/{target_id}', { status: 500, body: envelope(500, 'server_error', '服务器开小差了，请稍后再试') })
    const page = await renderPage(PAGE)
    await tap(page, '.remove', 'click')
    await flush()
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '服务器开小差了，请稍后再试' }))
    expect(page.data.items).toHaveLength(2)
    expect(page.data.removing).toBe(0)
  })

  test('coming back reloads; empty and error states', async () => {
    server().on('GET /me/favourites', { items: [], next_before_id: null })
    let page = await renderPage(PAGE)
    expect(text(page)).toContain('暂无收藏')
    const before = server().callsTo('GET /me/favourites').length
    await page.instance.onShow()
    expect(server().callsTo('GET /me/favourites').length).toBe(before + 1)
    server().on('GET /me/favourites', { status: 500, body: envelope(500, 'server_error', '服务器开小差了，请稍后再试') })
    page = await renderPage(PAGE)
    expect(text(page)).toContain('服务器开小差了，请稍后再试')
    server().on('GET /me/favourites', fx.answers['GET /me/favourites'])
    await page.instance.onListRetry()
    await flush()
    expect(text(page)).toContain('天河青年志愿服务队')
  })
})
