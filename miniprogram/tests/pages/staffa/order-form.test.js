const { renderPage, text, tap, flush } = require('../../helpers')
const { answers: common } = require('../../fixtures/common')
const { answers, order, catalogues, regions, row, staff } = require('../../fixtures/staffa')
const { envelope } = require('../../wx')

const server = () => global.wx.__server
const PATH = 'packages/station/order-form/index'

// Beijing dates some days ahead, so the checks against "now" hold whenever the tests run.
const ahead = (days) => new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10)
const START = ahead(15)
const DEADLINE = ahead(14)

function routes() {
  server().on('GET /me', staff())
  server().on('GET /subscriptions', common['GET /subscriptions'])
  server().on('POST /subscriptions', common['POST /subscriptions'])
  server().on('GET /beneficiaries', { items: [row({ id: 31, status: 'active' }), row({ id: 32, name: '张德明', gender: 'male', age: 82, status: 'active' })], total: 2, page: 1, page_size: 100 })
  server().on('GET /catalogues/{kind}', (req) => catalogues[req.params.kind])
  server().on('GET /regions', (req) => (req.query.level === 'district' ? regions.districts : regions.streets))
}

const input = (page, field, value) => page.instance.onInput({ currentTarget: { dataset: { field } }, detail: value })
const pick = (page, field, list, key, index) => page.instance.onPick({ currentTarget: { dataset: { field, list, key } }, detail: { value: index } })
const time = (page, field, part, value) => page.instance.onTime({ currentTarget: { dataset: { field, part } }, detail: { value } })

async function fillAll(page) {
  input(page, 'title', ' 陪李婆婆复诊 ')
  pick(page, 'service_item_code', 'items', 'code', 0)
  pick(page, 'service_type_code', 'types', 'code', 0)
  await tap(page, '#location', 'click')
  await flush()
  time(page, 'starts_at', 'day', START); time(page, 'starts_at', 'time', '09:00')
  time(page, 'ends_at', 'day', START); time(page, 'ends_at', 'time', '11:00')
  time(page, 'take_deadline', 'day', DEADLINE); time(page, 'take_deadline', 'time', '18:00')
  page.instance.onCount({ detail: 2 })
  input(page, 'taker_notes', '请提前 10 分钟到达')
  input(page, 'traffic_guide', '地铁 3 号线五山站 B 口')
  input(page, 'content', '陪同去医院复诊并取药')
}

describe('packages/station/order-form (我要发单)', () => {
  beforeEach(routes)

  test('offers only active beneficiaries, preselects the one asked for and the station\'s street', async () => {
    const page = await renderPage(PATH, { beneficiary_id: '32' })
    expect(server().last('GET /beneficiaries').query).toMatchObject({ status: 'active' })
    const shown = text(page)
    expect(shown).toContain('张德明（82岁）')
    expect(shown).toContain('为他人下单')
    expect(shown).toContain('天河区')
    expect(shown).toContain('五山街道')
    // The district is the station's region's parent_code from GET /me: only the street list is asked for.
    expect(page.data.form).toMatchObject({ beneficiary_id: 32, district_code: '440106', street_code: '440106011', recruit_count: 1 })
    expect(server().last('GET /regions').query).toEqual({ parent_code: '440106' })
  })

  test('publishing asks for the review-result message, posts every field and opens the order', async () => {
    server().on('POST /orders', answers['POST /orders'])
    const page = await renderPage(PATH, { beneficiary_id: '31' })
    await fillAll(page)
    expect(text(page)).toContain('华南农业大学')
    await tap(page, '#submit', 'click')
    await flush()
    expect(global.wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['tpl-result'] }))
    expect(server().last('POST /orders').data).toEqual({
      title: '陪李婆婆复诊', need_type: 'for_others', beneficiary_id: 31, service_item_code: 'visit', service_type_code: 'escort',
      district_code: '440106', street_code: '440106011', latitude: 23.157, longitude: 113.353,
      address: '广州市天河区五山路483号 华南农业大学', starts_at: START + 'T09:00:00+08:00', ends_at: START + 'T11:00:00+08:00',
      take_deadline: DEADLINE + 'T18:00:00+08:00', recruit_count: 2,
      taker_notes: '请提前 10 分钟到达', traffic_guide: '地铁 3 号线五山站 B 口', content: '陪同去医院复诊并取药',
    })
    expect(global.wx.redirectTo).toHaveBeenCalledWith({ url: '/packages/station/order/index?id=12' })
  })

  test('times out of order are refused here in Chinese; missing fields are marked; nothing sent', async () => {
    const page = await renderPage(PATH)
    await tap(page, '#submit', 'click')
    expect(page.data.errors).toMatchObject({ title: '该字段为必填项', beneficiary_id: '该字段为必填项', latitude: '请在地图上选择服务地点', starts_at: '请选择日期和时间' })
    await fillAll(page)
    time(page, 'ends_at', 'time', '08:00')
    time(page, 'take_deadline', 'day', START); time(page, 'take_deadline', 'time', '10:00')
    pick(page, 'beneficiary_id', 'beneficiaries', 'id', 0)
    await tap(page, '#submit', 'click')
    expect(page.data.errors.ends_at).toBe('服务结束时间应晚于服务开始时间')
    expect(page.data.errors.take_deadline).toBe('接单截止日期应早于服务开始时间')
    expect(text(page)).toContain('接单截止日期应早于服务开始时间')
    expect(server().callsTo('POST /orders')).toHaveLength(0)
  })

  test('choosing another district loads its streets and clears the street', async () => {
    const page = await renderPage(PATH)
    server().on('GET /regions', [{ id: 4, code: '440104001', name: '北京街道', level: 'street' }])
    await pick(page, 'district_code', 'districts', 'code', 1)
    expect(server().last('GET /regions').query).toEqual({ parent_code: '440104' })
    expect(page.data.form.street_code).toBe('')
    expect(page.data.streets[0].name).toBe('北京街道')
  })

  test('422 field errors show in place', async () => {
    server().on('POST /orders', { status: 422, body: envelope(422, 'validation_error', '提交的内容有误', { street_code: ['所属街道不在本社工站辖区内'], latitude: ['所选地点不在所属区域内，请重新选择位置'] }) })
    const page = await renderPage(PATH, { beneficiary_id: '31' })
    await fillAll(page)
    await tap(page, '#submit', 'click')
    await flush()
    expect(text(page)).toContain('所属街道不在本社工站辖区内')
    expect(text(page)).toContain('所选地点不在所属区域内，请重新选择位置')
    expect(page.data.busy).toBe(false)
    expect(global.wx.redirectTo).not.toHaveBeenCalled()
  })

  test('editing prefills from the order and patches only what changed; a 409 shows the message', async () => {
    const future = Object.assign({}, order, { starts_at: START + 'T01:00:00+00:00', ends_at: START + 'T03:00:00+00:00', take_deadline: DEADLINE + 'T10:00:00+00:00' })
    server().on('GET /orders/{order_id}', future)
    server().on('PATCH /orders/{order_id}', { status: 409, body: envelope(409, 'order_not_editable', '只有待审核或审核不通过的订单可以修改') })
    const page = await renderPage(PATH, { id: '9' })
    expect(server().callsTo('GET /regions/{code}')).toHaveLength(0)
    expect(page.data.picked.starts_at).toEqual({ day: START, time: '09:00' })
    expect(page.data.form).toMatchObject({ title: '陪李婆婆复诊', beneficiary_id: 31, recruit_count: 2, taker_notes: '请提前 10 分钟到达' })
    expect(text(page)).toContain('李桂芳（78岁）')
    expect(text(page)).toContain('上门探访')
    page.instance.onCount({ detail: 3 })
    input(page, 'title', '陪李婆婆去复诊')
    await tap(page, '#submit', 'click')
    await flush()
    expect(server().last('PATCH /orders/{order_id}').data).toEqual({ title: '陪李婆婆去复诊', recruit_count: 3 })
    expect(global.wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '只有待审核或审核不通过的订单可以修改' }))
    server().on('PATCH /orders/{order_id}', order)
    await tap(page, '#submit', 'click')
    await flush()
    expect(global.wx.redirectTo).toHaveBeenCalledWith({ url: '/packages/station/order/index?id=9' })
  })

  test('a load failure shows the message and 重试 works', async () => {
    server().on('GET /beneficiaries', { status: 403, body: envelope(403, 'forbidden', '没有权限') })
    const page = await renderPage(PATH)
    expect(text(page)).toContain('没有权限')
    routes()
    await tap(page, '#retry', 'click')
    expect(text(page)).toContain('订单基本信息')
  })
})
