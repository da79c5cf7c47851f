const { renderPage, text, tap } = require('../../helpers')
const { envelope } = require('../../wx')
const { answers } = require('../../fixtures/vol2b')
const format = require('../../../utils/format')

const server = () => global.wx.__server
const PAGE = 'packages/volunteer/help-new/index'
const DAY = format.date(new Date(Date.now() + 10 * 86400e3).toISOString())

function routes() {
  server().on('GET /subscriptions', answers['GET /subscriptions'])
  server().on('POST /subscriptions', answers['POST /subscriptions'])
  server().on('GET /community/communities', answers['GET /community/communities'])
}

async function filled(overrides) {
  const page = await renderPage(PAGE)
  await tap(page, '#community', 'click')
  await tap(page, '.community-option', 'click')
  const values = Object.assign({ title: '帮忙更换门锁', content: '家里门锁坏了。', place: '华农社区 12 栋 301', contact_name: '李阿姨', contact_phone: '139 0000 0002' }, overrides || {})
  Object.keys(values).forEach((name) => page.instance.onField({ currentTarget: { dataset: { name } }, detail: values[name] }))
  page.instance.onDay({ detail: { value: DAY } })
  page.instance.onTime({ detail: { value: '10:00' } })
  return page
}

describe('packages/volunteer/help-new (我要求助)', () => {
  beforeEach(routes)

  test('renders the form and offers the service communities', async () => {
    const page = await renderPage(PAGE)
    expect(server().last('GET /community/communities').query).toEqual({ limit: '100' })
    expect(text(page)).toContain('求助事项')
    expect(text(page)).toContain('联系电话')
    await tap(page, '#community', 'click')
    expect(page.data.pickerOpen).toBe(true)
    expect(text(page)).toContain('五山街道茶山社区居委会')
    expect(text(page)).toContain('天河区 五山街道')
  })

  test('searching communities sends the name', async () => {
    const page = await renderPage(PAGE)
    server().on('GET /community/communities', { items: [], next_after_id: null })
    await page.instance.onSearch({ detail: '茶山' })
    expect(server().last('GET /community/communities').query).toEqual({ limit: '100', name: '茶山' })
    await tap(page, '#community', 'click')
    expect(text(page)).toContain('没有找到社区')
  })

  test('communities failing to load show the message and a retry', async () => {
    server().on('GET /community/communities', { status: 500, body: envelope(500, 'internal_error', '服务器开小差了') })
    const page = await renderPage(PAGE)
    await tap(page, '#community', 'click')
    expect(text(page)).toContain('服务器开小差了')
    server().on('GET /community/communities', answers['GET /community/communities'])
    await tap(page, '#communities-retry', 'click')
    expect(page.data.communities.length).toBe(2)
  })

  test('missing fields and a bad phone are refused in place, nothing sent', async () => {
    const page = await renderPage(PAGE)
    page.instance.onField({ currentTarget: { dataset: { name: 'contact_phone' } }, detail: '12345' })
    await tap(page, '#submit', 'click')
    expect(page.data.errors).toEqual({
      community_id: '请选择服务社区', title: '请填写求助事项', content: '请填写求助内容', place: '请填写地点',
      contact_name: '请填写联系人', contact_phone: '请填写正确的手机号码或固定电话', wanted_at: '请选择期望服务时间',
    })
    expect(text(page)).toContain('请填写正确的手机号码或固定电话')
    expect(server().callsTo('POST /help-requests')).toEqual([])
  })

  test('a landline with area code passes the client check', async () => {
    server().on('POST /help-requests', { status: 201, body: answers['POST /help-requests'] })
    const page = await filled({ contact_phone: '020-87654321' })
    await tap(page, '#submit', 'click')
    expect(server().last('POST /help-requests').data.contact_phone).toBe('020-87654321')
  })

  test('asks for messages, posts the request, then goes to my requests', async () => {
    server().on('POST /help-requests', { status: 201, body: answers['POST /help-requests'] })
    const page = await filled()
    expect(text(page)).toContain('五山街道华农社区居委会')
    await tap(page, '#submit', 'click')
    expect(global.wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['tpl-result', 'tpl-status'] }))
    expect(server().last('POST /help-requests').data).toEqual({
      community_id: 21, title: '帮忙更换门锁', content: '家里门锁坏了。', place: '华农社区 12 栋 301',
      wanted_at: DAY + 'T10:00:00+08:00', contact_name: '李阿姨', contact_phone: '13900000002',
    })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '求助已提交' }))
    expect(global.wx.redirectTo).toHaveBeenCalledWith({ url: '/packages/volunteer/help-mine/index' })
  })

  test('422 field errors from the server are shown in place', async () => {
    server().on('POST /help-requests', { status: 422, body: envelope(422, 'validation_error', '提交的内容有误', { wanted_at: ['期望服务时间须在一年以内'], community_id: ['请选择服务社区'] }) })
    const page = await filled()
    await tap(page, '#submit', 'click')
    expect(text(page)).toContain('期望服务时间须在一年以内')
    expect(text(page)).toContain('请选择服务社区')
    expect(global.wx.redirectTo).not.toHaveBeenCalled()
    expect(page.data.busy).toBe(false)
  })

  test('403 shows the server message', async () => {
    server().on('POST /help-requests', { status: 403, body: envelope(403, 'password_change_required', '请先修改初始密码') })
    const page = await filled()
    await tap(page, '#submit', 'click')
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '请先修改初始密码' }))
    expect(global.wx.redirectTo).not.toHaveBeenCalled()
  })
})
