const { renderPage, text, tap } = require('../../helpers')
const { answers, volunteerOrg, leagueTodos } = require('../../fixtures/org')
const { me } = require('../../fixtures/common')
const { envelope } = require('../../wx')

const server = () => global.wx.__server
const PAGE = 'packages/org/workspace/index'

function serve(user) {
  server().on('GET /me', user || answers['GET /me'])
  ;['GET /org-workspace/todos', 'GET /org-workspace/points', 'GET /needs-home/figures'].forEach((k) => server().on(k, answers[k]))
}

describe('org workspace', () => {
  test('a league sees its organisation, to-dos, figures, points and its entries', async () => {
    serve()
    const page = await renderPage(PAGE)
    const t = text(page)
    expect(t).toContain('共青团广州市天河区委员会')
    expect(t).toContain('积分 150')
    expect(t).toContain('待确认')
    expect(t).toContain('2 项')
    expect(t).toContain('【七彩假期】暑期四点半课堂')
    expect(t).toContain('天河青年志愿服务队')
    expect(t).toContain('需求数')
    expect(t).toContain('128')
    expect(t).toContain('截至 2026-07-01')
    expect(t).toContain('发布需求')
    expect(t).toContain('我的发布')
    expect(t).toContain('初始需求')
    expect(t).toContain('积分明细')
    expect(t).not.toContain('需求大厅')
    expect(server().last('GET /org-workspace/todos').query).toEqual({ organisation_id: '31', limit: '3' })
    expect(server().last('GET /org-workspace/points').query).toEqual({ organisation_id: '31' })
  })

  test('tapping a to-do opens its need; an entry opens its page', async () => {
    serve()
    const page = await renderPage(PAGE)
    await tap(page, '#todo-to_confirm-101', 'tap')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/org/need/index?id=101' })
    page.instance.onEntry({ currentTarget: { dataset: { url: '/packages/org/needs/index?mine=1' } } })
    expect(global.wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/org/needs/index?mine=1' })
  })

  test('a volunteer-service organisation gets the hall, its claims and its profile, not publishing', async () => {
    serve(volunteerOrg)
    server().on('GET /org-workspace/todos', Object.assign({}, leagueTodos, { organisation_id: 41, organisation_kind: 'volunteer_org', lists: [] }))
    const page = await renderPage(PAGE)
    const t = text(page)
    expect(t).toContain('天河青年志愿服务队')
    expect(t).toContain('需求大厅')
    expect(t).toContain('我的申请')
    expect(t).toContain('组织信息')
    expect(t).not.toContain('发布需求')
    expect(t).not.toContain('初始需求')
    expect(t).toContain('暂无待办')
    expect(page.data.entries.map((e) => e.url)).toContain('/packages/org/claims/index')
  })

  test('a volunteer-service organisation with an incomplete profile is sent to the profile form on entry', async () => {
    serve(volunteerOrg)
    server().on('GET /org-workspace/todos', Object.assign({}, leagueTodos, {
      organisation_id: 41, organisation_kind: 'volunteer_org', lists: [],
      profile_incomplete: true, profile_missing: ['registration_no', 'introduction'],
    }))
    const page = await renderPage(PAGE)
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/org/profile/index' })
    expect(text(page)).toContain('请先完善组织资料（还有 2 项必填未填写）')
    // Pull-to-refresh does not send it there again; the notice stays and opens the form when tapped.
    global.wx.navigateTo.mockClear()
    await page.instance.onPullDownRefresh()
    expect(global.wx.navigateTo).not.toHaveBeenCalled()
    await tap(page, '#profile-notice', 'click')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/org/profile/index' })
  })

  test('a complete profile stays on the workspace without the notice', async () => {
    serve(volunteerOrg)
    server().on('GET /org-workspace/todos', Object.assign({}, leagueTodos, { organisation_id: 41, organisation_kind: 'volunteer_org', lists: [] }))
    const page = await renderPage(PAGE)
    expect(global.wx.navigateTo).not.toHaveBeenCalled()
    expect(text(page)).not.toContain('请先完善组织资料')
  })

  test('no figures yet (200 with nulls) leaves them out, the rest still shows', async () => {
    serve()
    server().on('GET /needs-home/figures', { day: null, taken_at: null, needs_published: null, needs_claimed: null, zones: [] })
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('暂无统计数据')
    expect(text(page)).not.toContain('截至')
    expect(text(page)).toContain('积分 150')
  })

  test('an account of no league or volunteer organisation is told so and offered the login', async () => {
    server().on('GET /me', me({}, ['station']))
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('当前账号不属于团组织或志愿服务组织')
    expect(server().callsTo('GET /org-workspace/todos')).toEqual([])
    await tap(page, '#login', 'click')
    expect(global.wx.reLaunch).toHaveBeenCalledWith({ url: '/pages/login/index?entry=cityservice' })
  })

  test('a failure shows the message and 重试 loads again', async () => {
    serve()
    server().on('GET /org-workspace/todos', { status: 500, body: envelope(500, 'server_error', '服务器开小差了，请稍后再试') })
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('服务器开小差了，请稍后再试')
    server().on('GET /org-workspace/todos', answers['GET /org-workspace/todos'])
    await tap(page, '#retry', 'click')
    expect(text(page)).toContain('【七彩假期】暑期四点半课堂')
  })

  test('pull-to-refresh loads again', async () => {
    serve()
    const page = await renderPage(PAGE)
    await page.instance.onPullDownRefresh()
    expect(server().callsTo('GET /org-workspace/todos').length).toBe(2)
    expect(global.wx.stopPullDownRefresh).toHaveBeenCalled()
  })
})
