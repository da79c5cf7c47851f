const { renderPage, text, tap, flush, waitForText } = require('../../helpers')
const { envelope } = require('../../wx')
const fx = require('../../fixtures/vol2a')

const server = () => global.wx.__server
const PAGE = 'packages/volunteer/need/index'

function routes() {
  server().on('GET /needs/{need_id}', fx.answers['GET /needs/{need_id}'])
  server().on('GET /needs/{need_id}/activities', fx.answers['GET /needs/{need_id}/activities'])
}

describe('packages/volunteer/need (需求详情)', () => {
  test('shows the need, its hidden phone as 认领通过后可见, and its activities', async () => {
    routes()
    const page = await renderPage(PAGE, { id: '401' })
    expect(server().last('GET /needs/{need_id}').params.need_id).toBe('401')
    expect(server().last('GET /needs/{need_id}/activities').query).toEqual({ limit: '20' })
    const shown = text(page)
    expect(shown).toContain('【七彩假期】社区儿童暑期托管')
    expect(shown).toContain('刘老师')
    expect(page.querySelector('#mobile').dom.textContent).toContain('认领通过后可见')
    expect(shown).not.toMatch(/138|5678|null/)
    expect(shown).toContain('为双职工家庭的儿童提供暑期看护')
    expect(shown).toContain('【七彩假期】暑期托管第一期')
    expect(shown).toContain('收藏')
    await tap(page, '.need-activity', 'click')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/volunteer/activity/index?id=305' })
  })

  test('收藏 then 取消收藏', async () => {
    routes()
    server().on('POST /me/favourites', { status: 201, body: fx.answers['POST /me/favourites'] })
    server().on('DELETE /me/favourites/{kind}/{target_id}', { status: 204, body: '' })
    const page = await renderPage(PAGE, { id: '401' })
    await tap(page, '#favourite', 'click')
    expect(server().last('POST /me/favourites').data).toEqual({ kind: 'need', target_id: 401 })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已收藏' }))
    expect(text(page)).toContain('取消收藏')
    await tap(page, '#favourite', 'click')
    expect(server().last('DELETE /me/favourites/{kind}/{target_id}').params).toEqual({ kind: 'need', target_id: '401' })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已取消收藏' }))
    expect(page.data.favourited).toBe(false)
  })

  test('a need I keep (is_favourite) shows 取消收藏; a 404 on removal still ends un-favourited; a failed add shows the message', async () => {
    routes()
    server().on('GET /needs/{need_id}', Object.assign({}, fx.answers['GET /needs/{need_id}'], { is_favourite: true }))
    server().on('DELETE /me/favourites/{kind}/{target_id}', { status: 404, body: envelope(404, 'favourite_not_found', '未收藏该内容') })
    server().on('POST /me/favourites', { status: 404, body: envelope(404, 'need_not_found', '需求不存在或已撤回') })
    const page = await renderPage(PAGE, { id: '401' })
    expect(text(page)).toContain('取消收藏')
    await tap(page, '#favourite', 'click')
    expect(page.data.favourited).toBe(false)
    await tap(page, '#favourite', 'click')
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '需求不存在或已撤回' }))
    expect(page.data.favourited).toBe(false)
  })

  test("the publisher's organisation page opens in a popup and can be favourited", async () => {
    routes()
    server().on('GET /org-pages/{org_id}', fx.answers['GET /org-pages/{org_id}'])
    server().on('POST /me/favourites', fx.answers['POST /me/favourites'])
    const page = await renderPage(PAGE, { id: '401' })
    await tap(page, '#league', 'click')
    await waitForText(page, '服务天河青年。')
    expect(server().last('GET /org-pages/{org_id}').params.org_id).toBe('31')
    expect(page.data.orgShow).toBe(true)
    expect(text(page)).toContain('服务天河青年。')
    expect(text(page)).toContain('平均评分 4.5（2 次）')
    expect(text(page)).toContain('收藏该组织')
    await tap(page, '#favourite-org', 'click')
    expect(server().last('POST /me/favourites').data).toEqual({ kind: 'organisation', target_id: 31 })
    expect(text(page)).toContain('取消收藏该组织')
  })

  test('an organisation I keep (is_favourite) can be removed from the popup', async () => {
    routes()
    server().on('GET /org-pages/{org_id}', Object.assign({}, fx.answers['GET /org-pages/{org_id}'], { is_favourite: true }))
    server().on('DELETE /me/favourites/{kind}/{target_id}', { status: 204, body: '' })
    const page = await renderPage(PAGE, { id: '401' })
    await tap(page, '#league', 'click')
    await waitForText(page, '取消收藏该组织')
    expect(text(page)).toContain('取消收藏该组织')
    await tap(page, '#favourite-org', 'click')
    expect(server().last('DELETE /me/favourites/{kind}/{target_id}').params).toEqual({ kind: 'organisation', target_id: '31' })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已取消收藏' }))
    expect(page.data.org.is_favourite).toBe(false)
  })

  test('no activities yet says so', async () => {
    routes()
    server().on('GET /needs/{need_id}/activities', { items: [], next_before_id: null })
    const page = await renderPage(PAGE, { id: '401' })
    expect(text(page)).toContain('暂无相关活动')
  })

  test('not found and errors show a retry that works', async () => {
    server().on('GET /needs/{need_id}', { status: 404, body: envelope(404, 'need_not_found', '需求不存在') })
    let page = await renderPage(PAGE, { id: '999' })
    expect(text(page)).toContain('需求不存在或已撤回')
    global.wx.__offline = true
    page = await renderPage(PAGE, { id: '401' })
    expect(text(page)).toContain('网络不给力')
    global.wx.__offline = false
    routes()
    await tap(page, '#retry', 'click')
    await flush()
    expect(text(page)).toContain('社区儿童暑期托管')
  })
})
