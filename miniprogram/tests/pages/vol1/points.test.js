const { renderPage, text, flush } = require('../../helpers')
const { answers, entry } = require('../../fixtures/vol1')
const { envelope } = require('../../wx')

const server = () => global.wx.__server
const PAGE = 'packages/volunteer/points/index'

describe('packages/volunteer/points', () => {
  test('shows the balance and signed, coloured entries with their cause', async () => {
    server().on('GET /me/points', answers['GET /me/points'])
    server().on('GET /me/points/entries', answers['GET /me/points/entries'])
    const page = await renderPage(PAGE)
    const shown = text(page)
    expect(shown).toContain('120')
    expect(shown).toContain('时数认证')
    expect(shown).toContain('+20')
    expect(shown).toContain('捐分')
    expect(shown).toContain('-10')
    expect(shown).toContain('捐给订单 V202612050005')
    expect(page.data.items.map((e) => [e.signed, e.positive])).toEqual([['+20', true], ['-10', false]])
    expect(page.dom.innerHTML).toMatch(/class="[^"]*minus[^"]*"[^>]*>-10</)
    expect(server().last('GET /me/points/entries').query).toEqual({ limit: '20' })
  })

  test('no entries: empty state', async () => {
    server().on('GET /me/points', { balance: 0 })
    server().on('GET /me/points/entries', [])
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('暂无积分记录')
  })

  test('errors show, retry reloads the list', async () => {
    server().on('GET /me/points', { status: 500, body: envelope(500, 'internal_error', '余额暂不可用') })
    server().on('GET /me/points/entries', { status: 500, body: envelope(500, 'internal_error', '服务器开小差了') })
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('余额暂不可用')
    expect(text(page)).toContain('服务器开小差了')
    server().on('GET /me/points/entries', answers['GET /me/points/entries'])
    page.querySelector('#list').instance.onRetry()
    await flush()
    expect(text(page)).toContain('时数认证')
  })

  test('a full page asks for the next with before_id of its last row; pull-to-refresh reloads both', async () => {
    const full = Array.from({ length: 20 }, (_, i) => entry(100 - i, 5, 'attendance', '活动出勤'))
    server().on('GET /me/points', answers['GET /me/points'])
    server().on('GET /me/points/entries', (req) => (req.query.before_id ? [entry(3, 1, 'rating', '评分奖励')] : full))
    const page = await renderPage(PAGE)
    await page.instance.onReachBottom()
    await flush()
    expect(server().last('GET /me/points/entries').query).toEqual({ before_id: '81', limit: '20' })
    expect(text(page)).toContain('评分奖励')
    expect(text(page)).toContain('没有更多了')
    server().on('GET /me/points', { balance: 125 })
    await page.instance.onPullDownRefresh()
    await flush()
    expect(text(page)).toContain('125')
    expect(server().last('GET /me/points/entries').query).toEqual({ limit: '20' })
  })
})
