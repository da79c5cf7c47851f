const { renderPage, text, tap, flush } = require('../../helpers')
const { answers: common } = require('../../fixtures/common')
const { answers, detail, catalogues, regions, staff } = require('../../fixtures/staffa')
const { envelope } = require('../../wx')
const checks = require('../../../packages/station/checks')

const server = () => global.wx.__server
const PATH = 'packages/station/beneficiary-form/index'
const ID = '440106194801020022' // female, born 1948-01-02
const AGE = String(checks.idCard(ID).age)

function routes() {
  server().on('GET /me', staff())
  server().on('GET /subscriptions', common['GET /subscriptions'])
  server().on('POST /subscriptions', common['POST /subscriptions'])
  server().on('GET /catalogues/{kind}', (req) => catalogues[req.params.kind])
  server().on('GET /regions', (req) => (req.query.level === 'district' ? regions.districts
    : req.query.parent_code.length === 6 ? regions.streets : regions.communities))
}

const input = (page, field, value) => page.instance.onInput({ currentTarget: { dataset: { field } }, detail: value })
const pick = (page, field, index) => page.instance.onPick({ currentTarget: { dataset: { field } }, detail: { value: index } })

async function fillAll(page) {
  input(page, 'name', '李桂芳')
  input(page, 'phone', '13900001111')
  pick(page, 'category_code', 0)
  input(page, 'id_card_number', ID.toLowerCase())
  pick(page, 'political_status_code', 0)
  pick(page, 'living_status_code', 0)
  input(page, 'household_address', '天河区五山路 1 号')
  page.instance.onCommunity({ detail: { value: 0 } })
  input(page, 'residential_address', '五山路 1 号 3 栋 201')
  input(page, 'filler_phone', '13800002222')
  // The image picker's own ＋: wx.chooseMedia, then POST /uploads
  page.querySelector('#photos').querySelector('.image-picker__add').dispatchEvent('tap')
  await flush(10)
}

describe('packages/station/beneficiary-form (服务对象录入)', () => {
  beforeEach(() => {
    routes()
    server().on('POST /uploads', common['POST /uploads'])
  })

  test('loads the dictionaries and places; the station\'s street is the default household street', async () => {
    const page = await renderPage(PATH)
    expect(server().callsTo('GET /catalogues/{kind}').map((c) => c.params.kind).sort())
      .toEqual(['beneficiary_category', 'living_status', 'political_status', 'self_care_level'])
    // The station's district comes with GET /me (its region's parent_code): no region lookup of its own.
    expect(server().callsTo('GET /regions').map((c) => c.query.parent_code).filter(Boolean).sort()).toEqual(['440106', '440106011'])
    const shown = text(page)
    expect(shown).toContain('天河区')
    expect(shown).toContain('五山街道')
    expect(page.data.form.household_street_code).toBe('440106011')
    expect(page.data.form.filler_name).toBe('王社工')
    expect(shown).toContain('证明材料（1–9 张）')
  })

  test('a valid ID number fills gender and age; a wrong check digit is refused in Chinese, nothing sent', async () => {
    const page = await renderPage(PATH)
    input(page, 'id_card_number', ID)
    expect(page.data.form.gender).toBe('female')
    expect(page.data.form.age).toBe(AGE)
    await fillAll(page)
    input(page, 'id_card_number', '440106194801020026')
    await tap(page, '#submit', 'click')
    expect(page.data.errors.id_card_number).toBe('身份证号码校验位不正确，请核对')
    expect(text(page)).toContain('身份证号码校验位不正确，请核对')
    input(page, 'id_card_number', '44010619480102')
    input(page, 'phone', '12345')
    await tap(page, '#submit', 'click')
    expect(page.data.errors.id_card_number).toContain('应为 18 位')
    expect(page.data.errors.phone).toContain('请输入正确的手机号码')
    expect(server().callsTo('POST /beneficiaries')).toHaveLength(0)
  })

  test('empty form: every required field and the proofs are marked', async () => {
    const page = await renderPage(PATH)
    await tap(page, '#submit', 'click')
    ;['name', 'phone', 'id_card_number', 'gender', 'age', 'category_code', 'political_status_code', 'living_status_code', 'household_address', 'community_code', 'residential_address', 'filler_phone']
      .forEach((f) => expect(page.data.errors[f]).toBe('该字段为必填项'))
    expect(page.data.errors.proof_upload_ids).toBe('请上传证明材料（至少 1 张图片）')
    expect(page.data.errors.self_care_level_code).toBeUndefined()
    expect(server().callsTo('POST /beneficiaries')).toHaveLength(0)
  })

  test('录入 asks for the review-result message, posts every field, then opens the new entry', async () => {
    server().on('POST /beneficiaries', answers['POST /beneficiaries'])
    const page = await renderPage(PATH)
    await fillAll(page)
    await tap(page, '#submit', 'click')
    await flush()
    expect(global.wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['tpl-result'] }))
    expect(server().last('POST /beneficiaries').data).toEqual({
      name: '李桂芳', phone: '13900001111', id_card_number: ID, gender: 'female', age: Number(AGE),
      category_code: 'elderly', political_status_code: 'masses', self_care_level_code: null, living_status_code: 'alone',
      household_street_code: '440106011', household_address: '天河区五山路 1 号', community_code: '440106011001',
      residential_address: '五山路 1 号 3 栋 201', remarks: null, proof_upload_ids: [501],
      filler_name: '王社工', filler_phone: '13800002222',
    })
    expect(global.wx.redirectTo).toHaveBeenCalledWith({ url: '/packages/station/beneficiary/index?id=40' })
  })

  test('422 field errors show in place; 409 duplicate ID shows the message at the ID field', async () => {
    server().on('POST /beneficiaries', { status: 422, body: envelope(422, 'validation_error', '提交的内容有误', { community_code: ['请选择社区级区域作为所在社区'] }) })
    const page = await renderPage(PATH)
    await fillAll(page)
    await tap(page, '#submit', 'click')
    await flush()
    expect(text(page)).toContain('请选择社区级区域作为所在社区')
    server().on('POST /beneficiaries', { status: 409, body: envelope(409, 'beneficiary_exists', '该身份证号码已录入') })
    await tap(page, '#submit', 'click')
    await flush()
    expect(page.data.errors.id_card_number).toBe('该身份证号码已录入')
    expect(global.wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '该身份证号码已录入' }))
    expect(global.wx.redirectTo).not.toHaveBeenCalled()
    expect(page.data.busy).toBe(false)
  })

  test('修改 prefills from the entry and patches only what changed', async () => {
    const b = detail({ id_card_number: ID, age: Number(AGE), status: 'rejected' })
    server().on('GET /beneficiaries/{beneficiary_id}', b)
    server().on('PATCH /beneficiaries/{beneficiary_id}', b)
    const page = await renderPage(PATH, { id: '31' })
    expect(global.wx.setNavigationBarTitle).toHaveBeenCalledWith({ title: '修改服务对象' })
    expect(server().callsTo('GET /regions/{code}')).toHaveLength(0)
    expect(page.data.form).toMatchObject({ name: '李桂芳', category_code: 'elderly', self_care_level_code: 'independent', household_street_code: '440106011', community_code: '440106011001', proof_upload_ids: [501, 502] })
    expect(text(page)).toContain('无需依赖')
    expect(text(page)).toContain('保存修改')
    input(page, 'residential_address', '五山路 2 号')
    await tap(page, '#clear-selfcare', 'tap')
    await tap(page, '#submit', 'click')
    await flush()
    expect(server().last('PATCH /beneficiaries/{beneficiary_id}').params).toEqual({ beneficiary_id: '31' })
    expect(server().last('PATCH /beneficiaries/{beneficiary_id}').data).toEqual({ residential_address: '五山路 2 号', self_care_level_code: null })
    expect(global.wx.redirectTo).toHaveBeenCalledWith({ url: '/packages/station/beneficiary/index?id=31' })
  })

  test('a load failure shows the message and 重试 works', async () => {
    server().on('GET /catalogues/{kind}', { status: 500, body: envelope(500, 'server_error', '服务器开小差了，请稍后再试') })
    const page = await renderPage(PATH)
    expect(text(page)).toContain('服务器开小差了，请稍后再试')
    server().on('GET /catalogues/{kind}', (req) => catalogues[req.params.kind])
    await tap(page, '#retry', 'click')
    expect(text(page)).toContain('服务对象信息')
  })
})
