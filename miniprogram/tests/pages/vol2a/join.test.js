const { renderPage, text, tap, flush } = require('../../helpers')
const { envelope } = require('../../wx')
const { answers: commonAnswers } = require('../../fixtures/common')
const fx = require('../../fixtures/vol2a')

const server = () => global.wx.__server
const PAGE = 'packages/volunteer/join/index'
const notMember = { is_volunteer: false, community: null, joined_at: null, work_unit: null, is_party_member: null, pending_application: null }

function routes(overrides) {
  const a = Object.assign({}, fx.answers, overrides || {})
  ;['GET /community/membership', 'GET /community/applications/mine', 'GET /community/communities'].forEach((k) => server().on(k, a[k]))
}

async function fillForm(page, values) {
  page.instance.onPick({ currentTarget: { dataset: { index: 0 } } })
  Object.keys(values).forEach((field) => page.instance.onField({ currentTarget: { dataset: { field } }, detail: values[field] }))
  await flush()
}

describe('packages/volunteer/join (加入服务社区)', () => {
  beforeEach(() => {
    server().on('GET /subscriptions', commonAnswers['GET /subscriptions'])
    server().on('POST /subscriptions', commonAnswers['POST /subscriptions'])
  })

  test('shows my community, my applications with the reject reason, and the community list', async () => {
    routes()
    const page = await renderPage(PAGE)
    const shown = text(page)
    expect(shown).toContain('五山社区')
    expect(shown).toContain('2026-03-01 加入')
    expect(shown).toContain('审核不通过')
    expect(shown).toContain('原因：身份证号码与姓名不符')
    expect(shown).toContain('华农社区')
    expect(shown).toContain('天河区 五山街道')
    expect(page.querySelector('.withdraw')).toBeFalsy()
  })

  test('searching by name reloads the communities; paging goes on with after_id', async () => {
    routes()
    const page = await renderPage(PAGE)
    server().on('GET /community/communities', (req) => (req.query.after_id
      ? { items: [fx.community(3, '华师社区')], next_after_id: null }
      : fx.answers['GET /community/communities']))
    await page.instance.onSearch({ detail: ' 社区 ' })
    expect(server().last('GET /community/communities').query).toEqual({ name: '社区', limit: '20' })
    await page.instance.onReachBottom()
    await flush()
    expect(server().last('GET /community/communities').query).toEqual({ name: '社区', limit: '20', after_id: '2' })
    expect(text(page)).toContain('华师社区')
  })

  test('the application form asks for subscriptions, sends the schema fields and shows the pending application', async () => {
    routes({ 'GET /community/membership': notMember, 'GET /community/applications/mine': [] })
    server().on('POST /community/applications', fx.answers['POST /community/applications'])
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('尚未加入服务社区')
    await fillForm(page, { real_name: '陈晓明', id_card_number: '44010619900101123x', work_unit: '华南农业大学', is_party_member: true })
    expect(text(page)).toContain('申请加入：华农社区')
    server().on('GET /community/applications/mine', [fx.application()])
    server().on('GET /community/membership', Object.assign({}, notMember, { pending_application: fx.application() }))
    await tap(page, '#submit', 'click')
    await flush()
    expect(global.wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['tpl-result'] }))
    expect(server().last('POST /community/applications').data).toEqual({
      community_id: 1, real_name: '陈晓明', id_card_number: '44010619900101123X', work_unit: '华南农业大学', is_party_member: true,
    })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '申请已提交' }))
    expect(text(page)).toContain('待审核')
    expect(page.querySelector('.withdraw')).toBeTruthy()
    expect(page.querySelector('#submit')).toBeFalsy()
  })

  test('empty fields are refused in place without a request', async () => {
    routes()
    const page = await renderPage(PAGE)
    await fillForm(page, { work_unit: '' })
    await tap(page, '#submit', 'click')
    expect(page.data.errors).toEqual({ real_name: '请填写真实姓名', id_card_number: '请填写 18 位身份证号码', work_unit: '请填写工作单位' })
    expect(text(page)).toContain('请填写真实姓名')
    expect(server().callsTo('POST /community/applications')).toHaveLength(0)
  })

  test('a 422 (ID number checksum) shows the field error in place', async () => {
    routes()
    server().on('POST /community/applications', { status: 422, body: envelope(422, 'validation_error', '提交的内容有误', { id_card_number: ['身份证号码校验位不正确'] }) })
    const page = await renderPage(PAGE)
    await fillForm(page, { real_name: '陈晓明', id_card_number: '440106199001011234' })
    await tap(page, '#submit', 'click')
    await flush()
    expect(text(page)).toContain('身份证号码校验位不正确')
    expect(page.data.busy).toBe(false)
  })

  test('a 409 (already pending) shows the message and reloads my state', async () => {
    routes()
    server().on('POST /community/applications', { status: 409, body: envelope(409, 'application_pending', '您已有待审核的申请') })
    const page = await renderPage(PAGE)
    await fillForm(page, { real_name: '陈晓明', id_card_number: '440106199001011234' })
    const before = server().callsTo('GET /community/membership').length
    await tap(page, '#submit', 'click')
    await flush()
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '您已有待审核的申请' }))
    expect(server().callsTo('GET /community/membership').length).toBe(before + 1)
  })

  test('撤回 a pending application confirms and posts the withdrawal', async () => {
    routes({ 'GET /community/applications/mine': [fx.application()], 'GET /community/membership': Object.assign({}, notMember, { pending_application: fx.application() }) })
    server().on('POST /community/applications/{application_id}/withdraw', fx.answers['POST /community/applications/{application_id}/withdraw'])
    const page = await renderPage(PAGE)
    expect(page.querySelector('#search')).toBeFalsy()
    routes({ 'GET /community/applications/mine': [fx.answers['POST /community/applications/{application_id}/withdraw']], 'GET /community/membership': notMember })
    await tap(page, '.withdraw', 'click')
    await flush()
    expect(server().last('POST /community/applications/{application_id}/withdraw').params.application_id).toBe('71')
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已撤回' }))
    expect(text(page)).toContain('已撤回')
    expect(page.querySelector('#search')).toBeTruthy()
  })

  test('a 409 on withdrawal (already decided) shows the message', async () => {
    routes({ 'GET /community/applications/mine': [fx.application()] })
    server().on('POST /community/applications/{application_id}/withdraw', { status: 409, body: envelope(409, 'application_decided', '申请已审核，不能撤回') })
    const page = await renderPage(PAGE)
    await tap(page, '.withdraw', 'click')
    await flush()
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '申请已审核，不能撤回' }))
  })

  test('errors: my state fails with a retry; the community list empty', async () => {
    routes({ 'GET /community/communities': { items: [], next_after_id: null } })
    server().on('GET /community/membership', { status: 500, body: envelope(500, 'server_error', '服务器开小差了，请稍后再试') })
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('服务器开小差了，请稍后再试')
    routes({ 'GET /community/communities': { items: [], next_after_id: null } })
    await tap(page, '#retry-mine', 'click')
    await flush()
    expect(text(page)).toContain('五山社区')
    expect(text(page)).toContain('没有找到社区')
  })
})
