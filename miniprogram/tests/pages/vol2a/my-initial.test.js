const { renderPage, text, tap, flush } = require('../../helpers')
const { envelope } = require('../../wx')
const fx = require('../../fixtures/vol2a')

const server = () => global.wx.__server
const PAGE = 'packages/volunteer/my-initial/index'

describe('packages/volunteer/my-initial (我提交的需求)', () => {
  test('lists my initial needs with status and the decline reason; an adopted one opens its need', async () => {
    server().on('GET /initial-needs/mine', { items: fx.answers['GET /initial-needs/mine'].items.concat([fx.initialNeed({ id: 59, title: '河涌清洁', status: 'adopted', status_label: '已采纳', need_id: 401 })]) })
    const page = await renderPage(PAGE)
    const shown = text(page)
    expect(shown).toContain('楼道灯维修')
    expect(shown).toContain('待处理')
    expect(shown).toContain('不采纳')
    expect(shown).toContain('原因：已有同类需求')
    expect(shown).toContain('已发布为正式需求')
    expect(shown).toContain('没有更多了')
    await page.instance.onOpen({ currentTarget: { dataset: { need: null } } })
    expect(global.wx.navigateTo).not.toHaveBeenCalled()
    const rows = page.querySelectorAll('.initial')
    rows[2].dispatchEvent('tap')
    await flush()
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/volunteer/need/index?id=401' })
    await tap(page, '#new', 'click')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/volunteer/initial-need/index' })
  })

  test('pull-to-refresh asks again', async () => {
    server().on('GET /initial-needs/mine', fx.answers['GET /initial-needs/mine'])
    const page = await renderPage(PAGE)
    await page.instance.onPullDownRefresh()
    expect(server().callsTo('GET /initial-needs/mine')).toHaveLength(2)
    expect(global.wx.stopPullDownRefresh).toHaveBeenCalled()
  })

  test('empty and error states', async () => {
    server().on('GET /initial-needs/mine', { items: [] })
    let page = await renderPage(PAGE)
    expect(text(page)).toContain('还没有提交过需求')
    server().on('GET /initial-needs/mine', { status: 500, body: envelope(500, 'server_error', '服务器开小差了，请稍后再试') })
    page = await renderPage(PAGE)
    expect(text(page)).toContain('服务器开小差了，请稍后再试')
    server().on('GET /initial-needs/mine', fx.answers['GET /initial-needs/mine'])
    await page.instance.onListRetry()
    await flush()
    expect(text(page)).toContain('楼道灯维修')
  })
})
