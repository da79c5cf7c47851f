const { renderPage, text, tap } = require('../../helpers')
const { envelope } = require('../../wx')
const { answers } = require('../../fixtures/vol2b')

const server = () => global.wx.__server
const PAGE = 'packages/volunteer/reports/index'

describe('packages/volunteer/reports (志愿者上报栏目)', () => {
  test('shows published reports with summary, masked author, time and first photo', async () => {
    server().on('GET /reports', answers['GET /reports'])
    const page = await renderPage(PAGE)
    const shown = text(page)
    expect(shown).toContain('陪伴长者的一个下午')
    expect(shown).toContain('听阿婆讲了很多老广州的故事')
    expect(shown).toContain('陈*')
    expect(shown).toContain('2026-12-05 14:30')
    expect(shown).toContain('元旦游园会计划')
    expect(server().last('GET /reports').query).toEqual({ limit: '20' })
    const thumbs = page.querySelectorAll('.report-row__thumb')
    expect(thumbs.length).toBe(1)
    expect(page.data.items[0].thumb).toBe(answers['GET /reports'].items[0].photos[0].url)
  })

  test('empty column says so', async () => {
    server().on('GET /reports', { items: [], next_cursor: null })
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('暂无上报内容')
  })

  test('a failure shows the message and retry loads again', async () => {
    server().on('GET /reports', { status: 500, body: envelope(500, 'internal_error', '服务器开小差了') })
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('服务器开小差了')
    server().on('GET /reports', answers['GET /reports'])
    await tap(page, '#list', 'retry')
    expect(text(page)).toContain('陪伴长者的一个下午')
  })

  test('reaching the bottom asks for the next cursor; pull-down reloads from the start', async () => {
    server().on('GET /reports', answers['GET /reports'])
    const page = await renderPage(PAGE)
    server().on('GET /reports', { items: [], next_cursor: null })
    await page.instance.onReachBottom()
    expect(server().last('GET /reports').query).toEqual({ limit: '20', cursor: 'c-2' })
    expect(page.data.listFinished).toBe(true)
    await page.instance.onPullDownRefresh()
    expect(server().last('GET /reports').query).toEqual({ limit: '20' })
    expect(global.wx.stopPullDownRefresh).toHaveBeenCalled()
  })

  test('tapping a row opens the report; 我要上报 and 我的上报 open their pages', async () => {
    server().on('GET /reports', answers['GET /reports'])
    const page = await renderPage(PAGE)
    await tap(page, '.report-row', 'tap')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/volunteer/report/index?id=301' })
    await tap(page, '#new', 'click')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/volunteer/report-new/index' })
    await tap(page, '#mine', 'click')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/volunteer/my-reports/index' })
  })
})
