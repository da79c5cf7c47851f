const { renderPage, text, tap } = require('../../helpers')
const { answers, needRow: need } = require('../../fixtures/org')
const { envelope } = require('../../wx')

const server = () => global.wx.__server
const PAGE = 'packages/org/needs/index'

function serve() {
  server().on('GET /zones', answers['GET /zones'])
  server().on('GET /needs', answers['GET /needs'])
}

describe('org needs list', () => {
  test('the hall lists needs with status labels and asks page 1', async () => {
    serve()
    const page = await renderPage(PAGE)
    const t = text(page)
    expect(t).toContain('【七彩假期】暑期四点半课堂')
    expect(t).toContain('待认领')
    expect(t).toContain('共青团广州市天河区委员会 · 五山街道 · 需 6 人')
    expect(t).toContain('2026-07-10 09:00 至 2026-07-20 17:00')
    expect(server().last('GET /needs').query).toEqual({ page: '1', page_size: '20' })
    expect(page.data.zoneOptions.map((o) => o.text)).toEqual(['全部专区', '七彩假期'])
  })

  test('zone, status and keyword filters reload with their query', async () => {
    serve()
    const page = await renderPage(PAGE)
    await page.instance.onZone({ detail: 1 })
    expect(server().last('GET /needs').query).toMatchObject({ zone_id: '1', page: '1' })
    await page.instance.onStatus({ detail: 'claimed' })
    page.instance.onKeyword({ detail: ' 课堂 ' })
    await page.instance.onSearch({})
    expect(server().last('GET /needs').query).toEqual({ zone_id: '1', status: 'claimed', keyword: '课堂', page: '1', page_size: '20' })
  })

  test('reaching the bottom asks the next page; pull-to-refresh starts over', async () => {
    serve()
    server().on('GET /needs', (req) => ({ items: [need({ id: req.query.page === '2' ? 122 : 101 })], total: 25, page: Number(req.query.page), page_size: 20 }))
    const page = await renderPage(PAGE)
    await page.instance.onReachBottom()
    expect(server().last('GET /needs').query.page).toBe('2')
    expect(page.data.items.map((i) => i.id)).toEqual([101, 122])
    await page.instance.onPullDownRefresh()
    expect(server().last('GET /needs').query.page).toBe('1')
    expect(page.data.items.map((i) => i.id)).toEqual([101])
    expect(global.wx.stopPullDownRefresh).toHaveBeenCalled()
  })

  test('tapping a need opens it', async () => {
    serve()
    const page = await renderPage(PAGE)
    await tap(page, '#need-101', 'tap')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/org/need/index?id=101' })
  })

  test('empty list says so', async () => {
    serve()
    server().on('GET /needs', { items: [], total: 0, page: 1, page_size: 20 })
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('暂无需求')
  })

  test('an error shows the message and 重试 loads again', async () => {
    serve()
    server().on('GET /needs', { status: 500, body: envelope(500, 'server_error', '服务器开小差了，请稍后再试') })
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('服务器开小差了，请稍后再试')
    server().on('GET /needs', answers['GET /needs'])
    await page.instance.onListRetry()
    expect(text(page)).toContain('【七彩假期】暑期四点半课堂')
  })

  test('mine=1 lists the league\'s own needs with their claim progress', async () => {
    server().on('GET /needs/mine', { items: [need({ status: 'claimed', status_label: '已认领', accepted_org_name: '天河青年志愿服务队', pending_claim_count: 0, claim_count: 2 })] })
    const page = await renderPage(PAGE, { mine: '1' })
    const t = text(page)
    expect(global.wx.setNavigationBarTitle).toHaveBeenCalledWith({ title: '我的发布' })
    expect(t).toContain('已认领')
    expect(t).toContain('认领申请 2 个，待确认 0 个；认领组织：天河青年志愿服务队')
    expect(server().callsTo('GET /needs')).toEqual([])
    await page.instance.onStatus({ detail: 'claimed' })
    expect(server().last('GET /needs/mine').query).toEqual({ status: 'claimed' })
  })

  test('mine=1 with nothing published says so', async () => {
    server().on('GET /needs/mine', { items: [] })
    const page = await renderPage(PAGE, { mine: '1' })
    expect(text(page)).toContain('还没有发布需求')
  })
})
