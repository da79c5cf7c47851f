const { renderPage, text, tap, flush } = require('../../helpers')
const { answers } = require('../../fixtures/comm')
const { envelope } = require('../../wx')

const PAGE = 'packages/community/help-requests/index'
const server = () => global.wx.__server

beforeEach(() => {
  server().on('GET /me', answers['GET /me'])
  server().on('GET /help-requests/queue', answers['GET /help-requests/queue'])
})

describe('community/help-requests', () => {
  test('lists the pending requests of my community with masked phones', async () => {
    const page = await renderPage(PAGE)
    expect(server().last('GET /help-requests/queue').query).toEqual({ organisation_id: '21', status: 'pending', limit: '20' })
    const t = text(page)
    expect(t).toContain('独居老人需要陪同就医')
    expect(t).toContain('王阿姨 137****2222')
    expect(t).toContain('已安排：李佳怡、张伟')
  })

  test('empty and error states with retry', async () => {
    server().on('GET /help-requests/queue', { items: [], next_before_id: null })
    let page = await renderPage(PAGE)
    expect(text(page)).toContain('暂无求助')
    server().on('GET /help-requests/queue', { status: 500, body: envelope(500, 'internal', '服务器开小差了') })
    page = await renderPage(PAGE)
    expect(text(page)).toContain('服务器开小差了')
    server().on('GET /help-requests/queue', answers['GET /help-requests/queue'])
    await page.instance.onListRetry()
    await flush()
    expect(text(page)).toContain('帮忙修理水管')
  })

  test('tabs, paging and pull-to-refresh', async () => {
    const page = await renderPage(PAGE)
    await page.instance.onReachBottom()
    expect(server().last('GET /help-requests/queue').query.before_id).toBe('70')
    await tap(page, '#tab-closed')
    expect(server().last('GET /help-requests/queue').query).toEqual({ organisation_id: '21', status: 'closed', limit: '20' })
    await page.instance.onPullDownRefresh()
    expect(global.wx.stopPullDownRefresh).toHaveBeenCalled()
  })

  test('tapping a request opens it; coming back reloads', async () => {
    const page = await renderPage(PAGE)
    await tap(page, '.help-row')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/community/help-request/index?id=71' })
    const before = server().callsTo('GET /help-requests/queue').length
    await page.instance.onShow()
    await flush()
    expect(server().callsTo('GET /help-requests/queue').length).toBe(before + 1)
  })
})
