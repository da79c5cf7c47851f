const { renderPage, text } = require('../../helpers')
const { answers, pointEntry } = require('../../fixtures/org')
const { me } = require('../../fixtures/common')
const { envelope } = require('../../wx')

const server = () => global.wx.__server
const PAGE = 'packages/org/points/index'

function serve() {
  server().on('GET /me', answers['GET /me'])
  server().on('GET /org-workspace/points', answers['GET /org-workspace/points'])
  server().on('GET /org-workspace/points/entries', answers['GET /org-workspace/points/entries'])
}

describe('org points', () => {
  test('shows the balance and the entries with cause labels', async () => {
    serve()
    const page = await renderPage(PAGE)
    const t = text(page)
    expect(t).toContain('共青团广州市天河区委员会 当前积分')
    expect(t).toContain('150')
    expect(t).toContain('评分奖励')
    expect(t).toContain('+50')
    expect(t).toContain('需求评分 3 星')
    expect(t).toContain('没有更多了')
    expect(server().last('GET /org-workspace/points/entries').query).toEqual({ organisation_id: '31', limit: '20' })
    expect(server().last('GET /org-workspace/points').query).toEqual({ organisation_id: '31' })
  })

  test('a full page asks the next one with before_id', async () => {
    serve()
    const full = Array.from({ length: 20 }, (_, i) => pointEntry(100 - i))
    server().on('GET /org-workspace/points/entries', (req) => (req.query.before_id ? [pointEntry(50, { amount: -10, cause: 'adjustment', memo: '更正' })] : full))
    const page = await renderPage(PAGE)
    await page.instance.onReachBottom()
    expect(server().last('GET /org-workspace/points/entries').query).toEqual({ organisation_id: '31', limit: '20', before_id: '81' })
    expect(text(page)).toContain('人工调整')
    expect(text(page)).toContain('-10')
  })

  test('no entries yet says so; pull-to-refresh reloads both', async () => {
    serve()
    server().on('GET /org-workspace/points/entries', [])
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('暂无积分记录')
    await page.instance.onPullDownRefresh()
    expect(server().callsTo('GET /org-workspace/points').length).toBe(2)
    expect(server().callsTo('GET /org-workspace/points/entries').length).toBe(2)
  })

  test('an error shows the message and 重试 works', async () => {
    serve()
    server().on('GET /org-workspace/points/entries', { status: 500, body: envelope(500, 'server_error', '服务器开小差了，请稍后再试') })
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('服务器开小差了，请稍后再试')
    server().on('GET /org-workspace/points/entries', answers['GET /org-workspace/points/entries'])
    await page.instance.onListRetry()
    expect(text(page)).toContain('评分奖励')
  })

  test('an account of no organisation is told so', async () => {
    server().on('GET /me', me({}, ['station']))
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('当前账号不属于团组织或志愿服务组织')
  })
})
