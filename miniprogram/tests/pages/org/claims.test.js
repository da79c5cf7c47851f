const { renderPage, text, tap } = require('../../helpers')
const { answers, claim, volunteerOrg } = require('../../fixtures/org')
const { envelope } = require('../../wx')

const server = () => global.wx.__server
const PAGE = 'packages/org/claims/index'

describe('org my claims', () => {
  test('lists the claims with status labels and return reasons', async () => {
    server().on('GET /me', volunteerOrg)
    server().on('GET /claims/mine', { items: [claim(), claim({ id: 202, need_id: 105, need_title: '【七彩假期】防溺水宣讲', status: 'returned', status_label: '认领失败', reason: '人数不足', decided_at: '2026-06-04T02:00:00+00:00' })] })
    const page = await renderPage(PAGE)
    const t = text(page)
    expect(t).toContain('【七彩假期】暑期四点半课堂')
    expect(t).toContain('待确认')
    expect(t).toContain('认领失败')
    expect(t).toContain('退回原因：人数不足')
    expect(t).toContain('处理于 2026-06-04 10:00')
  })

  test('the status filter reloads; tapping opens the need', async () => {
    server().on('GET /claims/mine', answers['GET /claims/mine'])
    const page = await renderPage(PAGE)
    expect(server().last('GET /claims/mine').query).toEqual({})
    await page.instance.onStatus({ detail: 'accepted' })
    expect(server().last('GET /claims/mine').query).toEqual({ status: 'accepted' })
    await tap(page, '#claim-201', 'tap')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/org/need/index?id=101' })
  })

  test('empty, then pull-to-refresh reloads', async () => {
    server().on('GET /claims/mine', { items: [] })
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('还没有认领申请')
    server().on('GET /claims/mine', answers['GET /claims/mine'])
    await page.instance.onPullDownRefresh()
    expect(text(page)).toContain('【七彩假期】暑期四点半课堂')
    expect(global.wx.stopPullDownRefresh).toHaveBeenCalled()
  })

  test('an error shows the message and 重试 works', async () => {
    server().on('GET /claims/mine', { status: 403, body: envelope(403, 'forbidden', '没有权限') })
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('没有权限')
    server().on('GET /claims/mine', answers['GET /claims/mine'])
    await page.instance.onListRetry()
    expect(text(page)).toContain('【七彩假期】暑期四点半课堂')
  })
})
