const { renderPage, text, tap, flush } = require('../../helpers')
const { answers, profile, volunteerOrg } = require('../../fixtures/org')
const { envelope } = require('../../wx')

const server = () => global.wx.__server
const PAGE = 'packages/org/profile/index'

function serve(p) {
  server().on('GET /me', volunteerOrg)
  server().on('GET /org-profiles/{org_id}', p || profile)
  server().on('PUT /org-profiles/{org_id}', answers['PUT /org-profiles/{org_id}'])
}

describe('org profile', () => {
  test('shows every field of the organisation\'s profile', async () => {
    serve()
    const page = await renderPage(PAGE)
    expect(server().last('GET /org-profiles/{org_id}').params).toEqual({ org_id: '41' })
    expect(text(page)).toContain('天河青年志愿服务队')
    expect(text(page)).toContain('信息已完善')
    expect(page.data.form).toEqual({
      registration_no: '51440106MJL123456X', registered_with: '共青团广州市天河区委员会', contact_name: '黄队长',
      contact_phone: '020-12345678', service_areas: '助学支教、社区服务', introduction: '天河区高校青年组成的志愿服务队', logo_upload_id: null,
    })
  })

  test('an incomplete profile says claims need it; the logo is shown from its signed link', async () => {
    const url = 'http://127.0.0.1:5000/api/v1/uploads/601/content?sig=1780000000.abc'
    serve(Object.assign({}, profile, { registration_no: null, complete: false, logo_upload_id: 601, logo_url: url }))
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('请完善全部组织信息，完善后才能认领需求')
    expect(page.data.logo).toEqual([{ id: 601, url }])
    expect(page.data.form.logo_upload_id).toBe(601)
  })

  test('保存 sends every field, areas split into a list and a new logo', async () => {
    serve(Object.assign({}, profile, { registration_no: null, complete: false }))
    const page = await renderPage(PAGE)
    page.instance.onInput({ currentTarget: { dataset: { key: 'registration_no' } }, detail: ' 51440106MJL123456X ' })
    page.instance.onInput({ currentTarget: { dataset: { key: 'service_areas' } }, detail: '助学支教，社区服务 、 应急救援' })
    page.instance.onInput({ currentTarget: { dataset: { key: 'registered_with' } }, detail: '' })
    page.instance.onLogo({ detail: { ids: [501], images: [{ id: 501, url: 'u' }] } })
    await tap(page, '#save', 'click')
    await flush()
    expect(server().last('PUT /org-profiles/{org_id}').data).toEqual({
      registration_no: '51440106MJL123456X', registered_with: null, contact_name: '黄队长', contact_phone: '020-12345678',
      introduction: '天河区高校青年组成的志愿服务队', service_areas: ['助学支教', '社区服务', '应急救援'], logo_upload_id: 501,
    })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存' }))
    expect(text(page)).toContain('信息已完善')
  })

  test('a 422 shows the field errors in place', async () => {
    serve()
    server().on('PUT /org-profiles/{org_id}', { status: 422, body: envelope(422, 'validation_error', '提交的内容有误', { contact_phone: ['联系电话格式不正确'], logo_upload_id: ['图片不可用'] }) })
    const page = await renderPage(PAGE)
    await tap(page, '#save', 'click')
    await flush()
    expect(text(page)).toContain('联系电话格式不正确')
    expect(text(page)).toContain('图片不可用')
    expect(page.data.busy).toBe(false)
  })

  test('a load failure shows the message and 重试 works', async () => {
    serve()
    server().on('GET /org-profiles/{org_id}', { status: 403, body: envelope(403, 'forbidden', '没有权限') })
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('没有权限')
    server().on('GET /org-profiles/{org_id}', profile)
    await tap(page, '#retry', 'click')
    expect(text(page)).toContain('信息已完善')
  })
})
