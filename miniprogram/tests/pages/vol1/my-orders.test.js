const { renderPage, text, tap, flush } = require('../../helpers')
const { myTake } = require('../../fixtures/vol1')
const { envelope } = require('../../wx')

const server = () => global.wx.__server
const PAGE = 'packages/volunteer/my-orders/index'

describe('packages/volunteer/my-orders', () => {
  test('lists my takes with their status labels', async () => {
    server().on('GET /me/taken-orders', {
      items: [
        myTake(92, 'approved'),
        myTake(91, 'rejected', { status_reason: '时间不合适', provider_org_id: 41, provider_org_name: '天河青年志愿服务队' }),
      ],
      next_before_id: null,
    })
    const page = await renderPage(PAGE)
    const shown = text(page)
    expect(shown).toContain('陪同长者到医院复诊')
    expect(shown).toContain('审核通过')
    expect(shown).toContain('审核不通过')
    expect(shown).toContain('原因：时间不合适')
    expect(shown).toContain('以“天河青年志愿服务队”接单')
    expect(shown).toContain('陪同就医 · 五山街道')
    expect(server().last('GET /me/taken-orders').query).toEqual({ limit: '20' })
    await tap(page, '#take-92')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/volunteer/order/index?id=5' })
  })

  test('empty list says so', async () => {
    server().on('GET /me/taken-orders', { items: [], next_before_id: null })
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('还没有接过订单')
  })

  test('an error shows the message, retry reloads', async () => {
    server().on('GET /me/taken-orders', { status: 500, body: envelope(500, 'internal_error', '服务器开小差了') })
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('服务器开小差了')
    server().on('GET /me/taken-orders', { items: [myTake(90, 'pending')], next_before_id: null })
    page.querySelector('#list').instance.onRetry()
    await flush()
    expect(text(page)).toContain('待审核')
  })

  test('status tabs filter; paging asks with next_before_id; pull-to-refresh starts over', async () => {
    server().on('GET /me/taken-orders', (req) => (req.query.before_id === '80'
      ? { items: [myTake(70, 'withdrawn')], next_before_id: null }
      : { items: [myTake(90, 'pending')], next_before_id: 80 }))
    const page = await renderPage(PAGE)
    await page.instance.onReachBottom()
    await flush()
    expect(server().last('GET /me/taken-orders').query).toEqual({ before_id: '80', limit: '20' })
    expect(text(page)).toContain('已撤回')
    await page.instance.onPullDownRefresh()
    await flush()
    expect(server().last('GET /me/taken-orders').query).toEqual({ limit: '20' })
    expect(global.wx.stopPullDownRefresh).toHaveBeenCalled()
    await tap(page, '#tab-pending')
    await flush()
    expect(server().last('GET /me/taken-orders').query).toEqual({ status: 'pending', limit: '20' })
  })
})
