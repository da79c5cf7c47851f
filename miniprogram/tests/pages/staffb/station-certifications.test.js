const { renderPage, text, tap, flush } = require('../../helpers')
const { answers, certificationRow } = require('../../fixtures/staffb')
const { envelope } = require('../../wx')

const server = () => global.wx.__server
const PAGE = 'packages/station/certifications/index'

function serve(list) {
  server().on('GET /certifications', list || answers['GET /certifications'])
  server().on('GET /regions', answers['GET /regions'])
}

describe('packages/station/certifications', () => {
  test('lists each filing: order number, title, street, dates, head count, hours, status, filer', async () => {
    serve()
    const page = await renderPage(PAGE, { status: 'pending' })
    expect(server().last('GET /certifications').query).toEqual({ status: 'pending', page: '1', page_size: '20' })
    const shown = text(page)
    ;['陪同黄婆婆复诊', '44010626120509301512', '五山街道', '服务日期：2026-12-10', '服务人员 2 人，认证 4 小时', '待审核',
      '王社工 提交于 2026-12-11 10:00', '打扫卫生', '2026-12-01 至 2026-12-02', '认证 6.5 小时', '审核通过'].forEach((s) => expect(shown).toContain(s))
  })

  test('empty list says so', async () => {
    serve({ items: [], total: 0, page: 1, page_size: 20 })
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('暂无时数认证')
  })

  test('a failed load shows the message and retry loads again', async () => {
    let fail = true
    server().on('GET /certifications', () => (fail ? { status: 500, body: envelope(500, 'server_error', '服务器开小差了') } : answers['GET /certifications']))
    server().on('GET /regions', answers['GET /regions'])
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('服务器开小差了')
    fail = false
    page.querySelector('#list').dispatchEvent('retry')
    await flush()
    expect(text(page)).toContain('陪同黄婆婆复诊')
  })

  test('status tabs, order number and street filter the list; a non-digit number is refused', async () => {
    serve()
    const page = await renderPage(PAGE, { number: '4401' })
    expect(server().last('GET /certifications').query.number).toBe('4401')
    await tap(page, '#tab-rejected', 'tap')
    expect(server().last('GET /certifications').query.status).toBe('rejected')
    await page.instance.onSearch({ detail: ' 440106 ' })
    await page.instance.onStreet({ detail: { value: 2 } })
    await flush()
    expect(server().last('GET /certifications').query).toEqual({ status: 'rejected', number: '440106', street_code: '440106012', page: '1', page_size: '20' })
    const before = server().callsTo('GET /certifications').length
    await page.instance.onSearch({ detail: '44a' })
    expect(text(page)).toContain('订单号只含数字')
    expect(server().callsTo('GET /certifications')).toHaveLength(before)
    await tap(page, '#tab-all', 'tap')
    expect(server().last('GET /certifications').query.status).toBeUndefined()
  })

  test('a street list that fails to load says so and the list still shows', async () => {
    server().on('GET /certifications', answers['GET /certifications'])
    server().on('GET /regions', { status: 500, body: envelope(500, 'server_error', '服务器开小差了') })
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('街道列表加载失败')
    expect(text(page)).toContain('陪同黄婆婆复诊')
  })

  test('reaching the bottom asks for page 2 with page_size; pull-to-refresh starts over', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => certificationRow({ id: 100 + i }))
    server().on('GET /certifications', (req) => (req.query.page === '1'
      ? { items: rows, total: 21, page: 1, page_size: 20 }
      : { items: [certificationRow({ id: 200, title: '最后一条' })], total: 21, page: 2, page_size: 20 }))
    server().on('GET /regions', answers['GET /regions'])
    const page = await renderPage(PAGE)
    await page.instance.onReachBottom()
    await flush()
    expect(server().last('GET /certifications').query).toEqual({ page: '2', page_size: '20' })
    expect(text(page)).toContain('最后一条')
    await page.instance.onPullDownRefresh()
    await flush()
    expect(server().last('GET /certifications').query.page).toBe('1')
    expect(global.wx.stopPullDownRefresh).toHaveBeenCalled()
  })

  test('a row opens the certification', async () => {
    serve()
    const page = await renderPage(PAGE)
    await tap(page, '.cert-row', 'tap')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/station/certification/index?id=71' })
  })
})
