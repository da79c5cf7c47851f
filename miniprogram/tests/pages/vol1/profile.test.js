const { renderPage, text, tap, flush } = require('../../helpers')
const { answers, me } = require('../../fixtures/vol1')
const { envelope } = require('../../wx')

const server = () => global.wx.__server
const PAGE = 'packages/volunteer/profile/index'

async function render(user) {
  server().on('GET /me', user || answers['GET /me'])
  return renderPage(PAGE)
}

describe('packages/volunteer/profile', () => {
  test('shows my details, the read-only service community and the phone', async () => {
    const page = await render()
    expect(page.data.form).toEqual({ real_name: '陈晓明', gender: 'male', is_party_member: false, work_unit: '华南农业大学' })
    const shown = text(page)
    expect(shown).toContain('华农社区')
    expect(shown).toContain('139****0001')
    expect(page.querySelector('#phone')).toBeUndefined()
    await tap(page, '#join', 'click')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/volunteer/join/index' })
  })

  test('保存 sends the edited fields and toasts', async () => {
    server().on('PATCH /me', answers['PATCH /me'])
    const page = await render()
    page.instance.onField({ currentTarget: { dataset: { field: 'real_name' } }, detail: ' 陈小明 ' })
    page.instance.onField({ currentTarget: { dataset: { field: 'gender' } }, detail: 'female' })
    page.instance.onField({ currentTarget: { dataset: { field: 'is_party_member' } }, detail: true })
    page.instance.onField({ currentTarget: { dataset: { field: 'work_unit' } }, detail: '天河区五山街道办' })
    await tap(page, '#save', 'click')
    await flush()
    expect(server().last('PATCH /me').data).toEqual({ real_name: '陈小明', gender: 'female', is_party_member: true, work_unit: '天河区五山街道办' })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存' }))
    expect(page.data.busy).toBe(false)
  })

  test('an empty work unit is sent as null; an empty name is refused in place', async () => {
    server().on('PATCH /me', answers['PATCH /me'])
    const page = await render(me({ work_unit: null }))
    page.instance.onField({ currentTarget: { dataset: { field: 'real_name' } }, detail: '' })
    await tap(page, '#save', 'click')
    expect(text(page)).toContain('请填写真实姓名')
    expect(server().callsTo('PATCH /me')).toEqual([])
    page.instance.onField({ currentTarget: { dataset: { field: 'real_name' } }, detail: '陈晓明' })
    await tap(page, '#save', 'click')
    await flush()
    expect(server().last('PATCH /me').data.work_unit).toBeNull()
  })

  test('422 field errors are shown in place', async () => {
    server().on('PATCH /me', { status: 422, body: envelope(422, 'validation_error', '提交的内容有误', { real_name: ['姓名只能包含汉字或字母'], work_unit: ['最多 100 个字'] }) })
    const page = await render()
    page.instance.onField({ currentTarget: { dataset: { field: 'real_name' } }, detail: 'x1' })
    await tap(page, '#save', 'click')
    await flush()
    expect(text(page)).toContain('姓名只能包含汉字或字母')
    expect(text(page)).toContain('最多 100 个字')
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '提交的内容有误' }))
  })

  test('no phone: the button binds it; refusing explains why it is needed', async () => {
    server().on('POST /auth/mp/phone', answers['POST /auth/mp/phone'])
    const page = await render(me({ phone: null, has_phone: false }))
    expect(text(page)).toContain('未绑定')
    expect(page.querySelector('#phone').data.openType).toBe('getPhoneNumber')
    await tap(page, '#phone', 'getphonenumber', { errMsg: 'getPhoneNumber:fail user deny' })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '需要授权手机号才能接单' }))
    expect(server().callsTo('POST /auth/mp/phone')).toEqual([])
    await tap(page, '#phone', 'getphonenumber', { code: 'pc-2' })
    await flush()
    expect(server().last('POST /auth/mp/phone').data).toEqual({ code: 'pc-2' })
    expect(text(page)).toContain('139****0001')
    expect(page.querySelector('#phone')).toBeUndefined()
  })

  test('a failed load shows the message and retry works', async () => {
    server().on('GET /me', { status: 500, body: envelope(500, 'internal_error', '服务器开小差了') })
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('服务器开小差了')
    server().on('GET /me', answers['GET /me'])
    await tap(page, '#retry', 'click')
    expect(text(page)).toContain('华农社区')
  })
})
