const { renderPage, text, tap, flush } = require('../../helpers')
const { answers, initialNeed } = require('../../fixtures/org')
const { envelope } = require('../../wx')

const server = () => global.wx.__server
const PAGE = 'packages/org/initial-needs/index'

function serve() {
  server().on('GET /me', answers['GET /me'])
  server().on('GET /zones', answers['GET /zones'])
  server().on('GET /initial-needs', answers['GET /initial-needs'])
}

function fill(page, values) {
  Object.keys(values).forEach((key) => page.instance.onInput({ currentTarget: { dataset: { key } }, detail: values[key] }))
}

describe('org initial needs', () => {
  test('lists the pending initial needs of the region', async () => {
    serve()
    const page = await renderPage(PAGE)
    const t = text(page)
    expect(t).toContain('社区长者智能手机教学')
    expect(t).toContain('教长者用手机挂号、付款')
    expect(t).toContain('华农社区 · 陈晓明 13900000001')
    expect(t).toContain('待处理')
    expect(server().last('GET /initial-needs').query).toEqual({ status: 'pending' })
    await page.instance.onStatus({ detail: '' })
    expect(server().last('GET /initial-needs').query).toEqual({})
  })

  test('采纳 opens the form prefilled and sends what the schema needs, then opens the new need', async () => {
    serve()
    server().on('POST /initial-needs/{initial_id}/adopt', answers['POST /initial-needs/{initial_id}/adopt'])
    const page = await renderPage(PAGE)
    await tap(page, '#adopt-501', 'click')
    expect(page.data.form.title).toBe('社区长者智能手机教学')
    await tap(page, '#adopt-submit', 'click')
    expect(text(page)).toContain('请选择开始日期')
    expect(server().callsTo('POST /initial-needs/{initial_id}/adopt')).toEqual([])
    fill(page, { zone_index: { value: '1' }, start_day: { value: '2026-07-10' }, start_time: { value: '09:00' }, end_day: { value: '2026-07-10' }, end_time: { value: '11:00' }, leader_name: '刘团委', leader_mobile: '13800005678' })
    page.instance.onHeadcount({ detail: 3 })
    server().on('GET /initial-needs', { items: [initialNeed({ status: 'adopted', status_label: '已采纳', need_id: 103 })] })
    await tap(page, '#adopt-submit', 'click')
    await flush()
    expect(server().last('POST /initial-needs/{initial_id}/adopt')).toMatchObject({
      params: { initial_id: '501' },
      data: {
        organisation_id: 31, zone_id: 1, title: '社区长者智能手机教学', content: '教长者用手机挂号、付款',
        starts_at: '2026-07-10T09:00:00+08:00', ends_at: '2026-07-10T11:00:00+08:00', headcount: 3,
        leader_name: '刘团委', leader_mobile: '13800005678', leader_landline: null,
      },
    })
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/org/need/index?id=103' })
    expect(text(page)).toContain('已采纳')
    expect(page.data.adopting).toBe(null)
  })

  test('a 422 on adopt shows the field errors in place', async () => {
    serve()
    server().on('POST /initial-needs/{initial_id}/adopt', { status: 422, body: envelope(422, 'validation_error', '提交的内容有误', { leader_mobile: ['手机号码格式不正确'] }) })
    const page = await renderPage(PAGE)
    await tap(page, '#adopt-501', 'click')
    fill(page, { start_day: { value: '2026-07-10' }, start_time: { value: '09:00' }, end_day: { value: '2026-07-10' }, end_time: { value: '11:00' }, leader_name: '刘团委', leader_mobile: '138' })
    await tap(page, '#adopt-submit', 'click')
    await flush()
    expect(text(page)).toContain('手机号码格式不正确')
    expect(page.data.adopting.id).toBe(501)
  })

  test('a 409 on adopt (handled meanwhile) says so and reloads', async () => {
    serve()
    server().on('POST /initial-needs/{initial_id}/adopt', { status: 409, body: envelope(409, 'initial_need_decided', '该初始需求已处理') })
    const page = await renderPage(PAGE)
    await tap(page, '#adopt-501', 'click')
    fill(page, { start_day: { value: '2026-07-10' }, start_time: { value: '09:00' }, end_day: { value: '2026-07-10' }, end_time: { value: '11:00' }, leader_name: '刘团委', leader_mobile: '13800005678' })
    await tap(page, '#adopt-submit', 'click')
    await flush()
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '该初始需求已处理' }))
    expect(server().callsTo('GET /initial-needs').length).toBe(2)
  })

  test('不采纳 asks a reason and sends it', async () => {
    serve()
    server().on('POST /initial-needs/{initial_id}/decline', answers['POST /initial-needs/{initial_id}/decline'])
    const page = await renderPage(PAGE)
    global.wx.__modalText = '不在服务范围'
    await tap(page, '#decline-501', 'click')
    await flush()
    global.wx.__modalText = ''
    expect(server().last('POST /initial-needs/{initial_id}/decline')).toMatchObject({ params: { initial_id: '501' }, data: { reason: '不在服务范围' } })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已处理' }))
  })

  test('empty and error + retry', async () => {
    serve()
    server().on('GET /initial-needs', { items: [] })
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('暂无初始需求')
    server().on('GET /initial-needs', { status: 500, body: envelope(500, 'server_error', '服务器开小差了，请稍后再试') })
    await page.instance.onPullDownRefresh()
    expect(text(page)).toContain('服务器开小差了，请稍后再试')
    server().on('GET /initial-needs', answers['GET /initial-needs'])
    await page.instance.onListRetry()
    expect(text(page)).toContain('社区长者智能手机教学')
  })
})
