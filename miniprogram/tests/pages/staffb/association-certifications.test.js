const { renderPage, text, tap, flush } = require('../../helpers')
const { answers, certificationRow } = require('../../fixtures/staffb')
const { envelope } = require('../../wx')

const server = () => global.wx.__server

describe('packages/association/certifications', () => {
  const PAGE = 'packages/association/certifications/index'

  test('asks for pending filings with page_size and shows them', async () => {
    server().on('GET /certifications', { items: [certificationRow()], total: 1, page: 1, page_size: 20 })
    const page = await renderPage(PAGE)
    expect(server().last('GET /certifications').query).toEqual({ status: 'pending', page: '1', page_size: '20' })
    const shown = text(page)
    ;['陪同黄婆婆复诊', '44010626120509301512', '五山街道', '服务人员 2 人，认证 4 小时', '待审核'].forEach((s) => expect(shown).toContain(s))
  })

  test('order-number search, refused when not digits; a row opens the certification; back reloads', async () => {
    server().on('GET /certifications', answers['GET /certifications'])
    const page = await renderPage(PAGE)
    await page.instance.onSearch({ detail: '4401' })
    expect(server().last('GET /certifications').query).toEqual({ status: 'pending', number: '4401', page: '1', page_size: '20' })
    await page.instance.onSearch({ detail: 'x1' })
    expect(text(page)).toContain('订单号只含数字')
    await tap(page, '.cert-row', 'tap')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/station/certification/index?id=71' })
    const before = server().callsTo('GET /certifications').length
    await page.instance.onShow()
    await flush()
    expect(server().callsTo('GET /certifications')).toHaveLength(before + 1)
  })

  test('empty queue, and an error with retry', async () => {
    server().on('GET /certifications', { items: [], total: 0, page: 1, page_size: 20 })
    let page = await renderPage(PAGE)
    expect(text(page)).toContain('暂无待审核的时数认证')
    let fail = true
    server().on('GET /certifications', () => (fail ? { status: 500, body: envelope(500, 'server_error', '服务器开小差了') } : answers['GET /certifications']))
    page = await renderPage(PAGE)
    expect(text(page)).toContain('服务器开小差了')
    fail = false
    page.querySelector('#list').dispatchEvent('retry')
    await flush()
    expect(text(page)).toContain('陪同黄婆婆复诊')
  })

  test('paging asks for page 2', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => certificationRow({ id: 300 + i }))
    server().on('GET /certifications', (req) => (req.query.page === '1' ? { items: rows, total: 21, page: 1, page_size: 20 } : { items: [certificationRow({ id: 400, title: '第二页' })], total: 21, page: 2, page_size: 20 }))
    const page = await renderPage(PAGE)
    await page.instance.onReachBottom()
    await flush()
    expect(server().last('GET /certifications').query).toEqual({ status: 'pending', page: '2', page_size: '20' })
    expect(text(page)).toContain('第二页')
  })
})
