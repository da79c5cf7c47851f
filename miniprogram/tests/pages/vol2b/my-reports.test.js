const { renderPage, text, tap } = require('../../helpers')
const { envelope } = require('../../wx')
const { answers } = require('../../fixtures/vol2b')

const server = () => global.wx.__server
const PAGE = 'packages/volunteer/my-reports/index'

describe('packages/volunteer/my-reports (我的上报)', () => {
  test('shows my reports with status labels and the rejection reason', async () => {
    server().on('GET /reports/mine', answers['GET /reports/mine'])
    const page = await renderPage(PAGE)
    const shown = text(page)
    expect(shown).toContain('陪伴长者的一个下午')
    expect(shown).toContain('待审核')
    expect(shown).toContain('周末义剪活动计划')
    expect(shown).toContain('审核不通过')
    expect(shown).toContain('不通过原因：请补充活动时间和地点')
    expect(server().last('GET /reports/mine').query).toEqual({ limit: '20' })
  })

  test('empty list invites a first report', async () => {
    server().on('GET /reports/mine', { items: [], next_before_id: null })
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('暂无上报')
  })

  test('error shows the message; retry works', async () => {
    server().on('GET /reports/mine', { status: 500, body: envelope(500, 'internal_error', '服务器开小差了') })
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('服务器开小差了')
    server().on('GET /reports/mine', answers['GET /reports/mine'])
    await tap(page, '#list', 'retry')
    expect(text(page)).toContain('周末义剪活动计划')
  })

  test('paging uses before_id; pull-down reloads', async () => {
    server().on('GET /reports/mine', answers['GET /reports/mine'])
    const page = await renderPage(PAGE)
    server().on('GET /reports/mine', { items: [], next_before_id: null })
    await page.instance.onReachBottom()
    expect(server().last('GET /reports/mine').query).toEqual({ limit: '20', before_id: '302' })
    await page.instance.onPullDownRefresh()
    expect(server().last('GET /reports/mine').query).toEqual({ limit: '20' })
  })

  test('tap opens the detail; 我要上报 opens the form', async () => {
    server().on('GET /reports/mine', answers['GET /reports/mine'])
    const page = await renderPage(PAGE)
    await tap(page, '.my-report', 'tap')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/volunteer/report/index?id=301' })
    await tap(page, '#new', 'click')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/volunteer/report-new/index' })
  })
})
