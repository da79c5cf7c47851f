const { renderPage, text, tap, flush } = require('../../helpers')
const { answers, volunteerOrg } = require('../../fixtures/org')
const common = require('../../fixtures/common')
const { envelope } = require('../../wx')

const server = () => global.wx.__server
const PAGE = 'packages/org/need-form/index'

function serve() {
  server().on('GET /me', answers['GET /me'])
  server().on('GET /subscriptions', common.answers['GET /subscriptions'])
  server().on('POST /subscriptions', common.answers['POST /subscriptions'])
  server().on('GET /zones', answers['GET /zones'])
  server().on('GET /regions', answers['GET /regions'])
  server().on('POST /needs', answers['POST /needs'])
}

function fill(page, values) {
  Object.keys(values).forEach((key) => {
    page.instance.onInput({ currentTarget: { dataset: { key } }, detail: typeof values[key] === 'string' && /_(day|time|index)$/.test(key) ? { value: values[key] } : values[key] })
  })
}

const FULL = {
  zone_index: '1', region_index: '1', title: '暑期四点半课堂', content: '为留守儿童辅导功课',
  start_day: '2026-07-10', start_time: '09:00', end_day: '2026-07-20', end_time: '17:00',
  leader_name: '刘团委', leader_mobile: '13800005678', leader_landline: '020-87654321',
}

describe('org need form', () => {
  test('shows zones and the league\'s regions', async () => {
    serve()
    const page = await renderPage(PAGE)
    expect(server().last('GET /zones').query).toEqual({ active: 'true' })
    expect(server().last('GET /regions').query).toEqual({ parent_code: '440106' })
    expect(page.data.zones.map((z) => z.name)).toEqual(['不属于专区', '七彩假期'])
    expect(page.data.regions.map((r) => r.name)).toEqual(['天河区', '五山街道', '石牌街道'])
    expect(text(page)).toContain('不属于专区')
    expect(text(page)).toContain('天河区')
  })

  test('publishing sends every field, asks for the to-do message first, then opens the need', async () => {
    serve()
    const page = await renderPage(PAGE)
    fill(page, FULL)
    page.instance.onHeadcount({ detail: 6 })
    await tap(page, '#submit', 'click')
    await flush()
    expect(global.wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['tpl-todo'] }))
    expect(server().last('POST /needs').data).toEqual({
      organisation_id: 31, zone_id: 1, region_code: '440106011', title: '暑期四点半课堂', content: '为留守儿童辅导功课',
      starts_at: '2026-07-10T09:00:00+08:00', ends_at: '2026-07-20T17:00:00+08:00', headcount: 6,
      leader_name: '刘团委', leader_mobile: '13800005678', leader_landline: '020-87654321',
    })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '发布成功' }))
    expect(global.wx.redirectTo).toHaveBeenCalledWith({ url: '/packages/org/need/index?id=102' })
  })

  test('no zone and no landline are sent as null', async () => {
    serve()
    const page = await renderPage(PAGE)
    fill(page, Object.assign({}, FULL, { zone_index: '0', region_index: '0', leader_landline: ' ' }))
    await tap(page, '#submit', 'click')
    expect(server().last('POST /needs').data).toMatchObject({ zone_id: null, region_code: '440106', leader_landline: null, headcount: 1 })
  })

  test('missing fields are refused in place, nothing sent', async () => {
    serve()
    const page = await renderPage(PAGE)
    await tap(page, '#submit', 'click')
    expect(text(page)).toContain('请填写需求标题')
    expect(text(page)).toContain('请选择开始日期')
    expect(server().callsTo('POST /needs')).toEqual([])
  })

  test('a 422 shows the server\'s field errors in place', async () => {
    serve()
    server().on('POST /needs', { status: 422, body: envelope(422, 'validation_error', '提交的内容有误', { leader_mobile: ['手机号码格式不正确'], ends_at: ['结束时间须晚于开始时间'] }) })
    const page = await renderPage(PAGE)
    fill(page, FULL)
    await tap(page, '#submit', 'click')
    await flush()
    expect(text(page)).toContain('手机号码格式不正确')
    expect(text(page)).toContain('结束时间须晚于开始时间')
    expect(global.wx.redirectTo).not.toHaveBeenCalled()
    expect(page.data.busy).toBe(false)
  })

  test('a 403 shows the server\'s message', async () => {
    serve()
    server().on('POST /needs', { status: 403, body: envelope(403, 'forbidden', '没有权限') })
    const page = await renderPage(PAGE)
    fill(page, FULL)
    await tap(page, '#submit', 'click')
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '没有权限' }))
  })

  test('a volunteer-service organisation cannot publish', async () => {
    serve()
    server().on('GET /me', volunteerOrg)
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('只有团组织可以发布需求')
    expect(server().callsTo('GET /zones')).toEqual([])
  })

  test('a load failure shows the message and 重试 works', async () => {
    serve()
    server().on('GET /zones', { status: 500, body: envelope(500, 'server_error', '服务器开小差了，请稍后再试') })
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('服务器开小差了，请稍后再试')
    server().on('GET /zones', answers['GET /zones'])
    await tap(page, '#retry', 'click')
    expect(text(page)).toContain('发布需求')
    expect(page.data.error).toBe('')
  })
})
