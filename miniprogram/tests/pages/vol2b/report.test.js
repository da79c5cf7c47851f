const { renderPage, text, tap } = require('../../helpers')
const { envelope } = require('../../wx')
const { answers, rejectedReport, reportDetail } = require('../../fixtures/vol2b')

const server = () => global.wx.__server
const PAGE = 'packages/volunteer/report/index'

describe('packages/volunteer/report (上报详情)', () => {
  test('a published report shows its content and photos; no review status', async () => {
    server().on('GET /reports/{report_id}', answers['GET /reports/{report_id}'])
    const page = await renderPage(PAGE, { id: '301' })
    expect(server().last('GET /reports/{report_id}').params).toEqual({ report_id: '301' })
    const shown = text(page)
    expect(shown).toContain('陪伴长者的一个下午')
    expect(shown).toContain('下次还要来')
    expect(shown).toContain('心得体会')
    expect(shown).toContain('2026-12-05 14:30')
    expect(shown).not.toContain('审核状态')
    const photos = page.querySelectorAll('.report__photo')
    expect(photos.length).toBe(2)
    await tap(page, '.report__photo', 'tap')
    expect(global.wx.previewImage).toHaveBeenCalledWith({
      urls: answers['GET /reports/{report_id}'].photos.map((p) => p.url),
      current: answers['GET /reports/{report_id}'].photos[0].url,
    })
  })

  test('my rejected report shows its status and the reason', async () => {
    server().on('GET /reports/{report_id}', rejectedReport)
    const page = await renderPage(PAGE, { id: '302' })
    const shown = text(page)
    expect(shown).toContain('审核不通过')
    expect(shown).toContain('不通过原因：请补充活动时间和地点')
  })

  test('approved but unpublished says so', async () => {
    server().on('GET /reports/{report_id}', reportDetail({ is_published: false, published_at: null }))
    const page = await renderPage(PAGE, { id: '301' })
    expect(text(page)).toContain('审核已通过，尚未发布到栏目')
  })

  test('404 shows the error; retry loads again', async () => {
    server().on('GET /reports/{report_id}', { status: 404, body: envelope(404, 'report_not_found', '上报内容不存在或已被删除') })
    const page = await renderPage(PAGE, { id: '9' })
    expect(text(page)).toContain('上报内容不存在或已被删除')
    server().on('GET /reports/{report_id}', answers['GET /reports/{report_id}'])
    await tap(page, '#retry', 'click')
    expect(text(page)).toContain('陪伴长者的一个下午')
    expect(server().callsTo('GET /reports/{report_id}').length).toBe(2)
  })

  test('a network failure shows an error state', async () => {
    global.wx.__offline = true
    const page = await renderPage(PAGE, { id: '301' })
    expect(page.data.error).toBeTruthy()
    expect(page.querySelector('#retry')).toBeTruthy()
  })
})
