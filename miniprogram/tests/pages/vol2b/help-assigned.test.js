const { renderPage, text, tap } = require('../../helpers')
const { envelope } = require('../../wx')
const { answers } = require('../../fixtures/vol2b')

const server = () => global.wx.__server
const PAGE = 'packages/volunteer/help-assigned/index'

describe('packages/volunteer/help-assigned (安排给我的求助)', () => {
  beforeEach(() => server().on('GET /help-requests/assigned', answers['GET /help-requests/assigned']))

  test('shows the requests assigned to me, with my result or a reminder to report', async () => {
    const page = await renderPage(PAGE)
    const shown = text(page)
    expect(shown).toContain('帮忙更换门锁')
    expect(shown).toContain('已安排')
    expect(shown).toContain('安排于 2026-12-06 09:00')
    expect(shown).toContain('服务完成后请反馈服务结果')
    expect(shown).toContain('帮忙搬家具')
    expect(shown).toContain('我的反馈：已更换门锁（2026-12-06 13:00）')
    expect(server().last('GET /help-requests/assigned').query).toEqual({ limit: '20' })
  })

  test('empty and error states; retry works', async () => {
    server().on('GET /help-requests/assigned', { items: [], next_before_id: null })
    let page = await renderPage(PAGE)
    expect(text(page)).toContain('暂无安排给你的求助')
    server().on('GET /help-requests/assigned', { status: 403, body: envelope(403, 'forbidden', '没有权限') })
    page = await renderPage(PAGE)
    expect(text(page)).toContain('没有权限')
    server().on('GET /help-requests/assigned', answers['GET /help-requests/assigned'])
    await tap(page, '#list', 'retry')
    expect(text(page)).toContain('帮忙更换门锁')
  })

  test('paging with before_id; pull-down reloads', async () => {
    const page = await renderPage(PAGE)
    server().on('GET /help-requests/assigned', { items: [], next_before_id: null })
    await page.instance.onReachBottom()
    expect(server().last('GET /help-requests/assigned').query).toEqual({ limit: '20', before_id: '600' })
    expect(page.data.listFinished).toBe(true)
    await page.instance.onPullDownRefresh()
    expect(server().last('GET /help-requests/assigned').query).toEqual({ limit: '20' })
  })

  test('tap opens the request detail (by request id, not assignment id)', async () => {
    const page = await renderPage(PAGE)
    await tap(page, '.help-row', 'tap')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/volunteer/help/index?id=401' })
  })
})
