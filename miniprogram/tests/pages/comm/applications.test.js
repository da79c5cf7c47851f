const { renderPage, text, tap, flush } = require('../../helpers')
const { answers, admin } = require('../../fixtures/comm')
const { me, organisations } = require('../../fixtures/common')
const { envelope } = require('../../wx')

const PAGE = 'packages/community/applications/index'
const server = () => global.wx.__server

beforeEach(() => {
  server().on('GET /me', answers['GET /me'])
  server().on('GET /community/applications', answers['GET /community/applications'])
})

describe('community/applications', () => {
  test('lists pending applications of my community with masked ID and phone', async () => {
    const page = await renderPage(PAGE)
    expect(server().last('GET /community/applications').query).toEqual({ organisation_id: '21', status: 'pending', limit: '20' })
    const t = text(page)
    expect(t).toContain('李佳怡')
    expect(t).toContain('440***********1234')
    expect(t).toContain('138****5678')
    expect(t).toContain('转入申请，现属：石牌社区居委会')
    expect(t).toContain('未填写')
  })

  test('empty list says so', async () => {
    server().on('GET /community/applications', { items: [], next_before_id: null })
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('暂无申请')
  })

  test('an error shows the message, retry loads again', async () => {
    server().on('GET /community/applications', { status: 500, body: envelope(500, 'internal', '服务器开小差了') })
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('服务器开小差了')
    server().on('GET /community/applications', answers['GET /community/applications'])
    await page.instance.onListRetry()
    await flush()
    expect(text(page)).toContain('李佳怡')
  })

  test('someone who is not community staff is told so', async () => {
    server().on('GET /me', me({}, ['station']))
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('您不是社区工作人员')
    expect(server().callsTo('GET /community/applications')).toEqual([])
  })

  test('several communities: a picker chooses the organisation_id', async () => {
    const other = Object.assign({}, organisations.community, { id: 22, name: '石牌社区居委会' })
    const two = Object.assign({}, admin, { memberships: admin.memberships.concat([{ organisation: other, role: 'staff', is_active: true, bound_via_account: false }]) })
    server().on('GET /me', two)
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('五山街道华农社区居委会')
    await page.instance.onCommunity({ detail: { value: '1' } })
    expect(server().last('GET /community/applications').query.organisation_id).toBe('22')
  })

  test('tabs change the status; reaching the bottom asks with before_id; pull refresh reloads', async () => {
    const page = await renderPage(PAGE)
    await page.instance.onReachBottom()
    expect(server().last('GET /community/applications').query.before_id).toBe('30')
    await tap(page, '#tab-rejected')
    expect(server().last('GET /community/applications').query).toMatchObject({ status: 'rejected' })
    expect(server().last('GET /community/applications').query.before_id).toBeUndefined()
    const before = server().callsTo('GET /community/applications').length
    await page.instance.onPullDownRefresh()
    expect(server().callsTo('GET /community/applications').length).toBe(before + 1)
    expect(global.wx.stopPullDownRefresh).toHaveBeenCalled()
  })

  test('通过 approves and reloads', async () => {
    server().on('POST /community/applications/{application_id}/approve', answers['POST /community/applications/{application_id}/approve'])
    const page = await renderPage(PAGE)
    await tap(page, '.approve', 'click')
    await flush()
    expect(server().last('POST /community/applications/{application_id}/approve').params.application_id).toBe('31')
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已通过' }))
    expect(server().callsTo('GET /community/applications').length).toBe(2)
  })

  test('不通过 sends the reason', async () => {
    server().on('POST /community/applications/{application_id}/reject', answers['POST /community/applications/{application_id}/approve'])
    global.wx.__modalText = '资料不全'
    const page = await renderPage(PAGE)
    await tap(page, '.reject', 'click')
    await flush()
    expect(server().last('POST /community/applications/{application_id}/reject').data).toEqual({ reason: '资料不全' })
  })

  test('409 (already decided) shows the message and reloads', async () => {
    server().on('POST /community/applications/{application_id}/approve', { status: 409, body: envelope(409, 'application_decided', '该申请已处理') })
    const page = await renderPage(PAGE)
    await tap(page, '.approve', 'click')
    await flush()
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '该申请已处理' }))
    expect(server().callsTo('GET /community/applications').length).toBe(2)
    expect(page.data.busyId).toBe(null)
  })
})
