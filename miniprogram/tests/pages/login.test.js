const { renderPage, text, tap, flush } = require('../helpers')
const { answers, me, loginResult } = require('../fixtures/common')
const { envelope } = require('../wx')

const server = () => global.wx.__server

describe('pages/login', () => {
  test('develop builds list the demo people; tapping one signs in with its dev- code', async () => {
    server().on('POST /auth/mp/login', loginResult(me({}, ['station'])))
    const page = await renderPage('pages/login/index')
    expect(text(page)).toContain('王社工（五山街道社工站）')
    await page.instance.onDemo({ currentTarget: { dataset: { name: 'station-wang' } } })
    expect(server().last('POST /auth/mp/login').data).toEqual({ code: 'dev-station-wang' })
    expect(global.wx.reLaunch).toHaveBeenCalledWith({ url: '/pages/work/index' })
    expect(global.wx.getStorageSync('tb_session')).toMatchObject({ kind: 'dev', dev_name: 'station-wang', access_token: 'access-2' })
  })

  test('empty fields are refused in place, nothing sent', async () => {
    const page = await renderPage('pages/login/index')
    await tap(page, '#login', 'click')
    expect(page.data.errors).toEqual({ username: '请输入账号', password: '请输入密码' })
    expect(text(page)).toContain('请输入账号')
    expect(server().calls).toEqual([])
  })

  test('a wrong password shows the server\'s message', async () => {
    server().on('POST /auth/password/login', { status: 401, body: envelope(401, 'bad_credentials', '账号或密码错误') })
    const page = await renderPage('pages/login/index')
    page.instance.onUsername({ detail: 'ws-station' })
    page.instance.onPassword({ detail: 'nope' })
    await tap(page, '#login', 'click')
    expect(server().last('POST /auth/password/login').data).toEqual({ username: 'ws-station', password: 'nope' })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '账号或密码错误' }))
    expect(page.data.busy).toBe(false)
  })

  test('a first sign-in must change the initial password, then lands on the organisation workspace', async () => {
    server().on('POST /auth/password/login', loginResult(me({ username: 'th-league', must_change_password: true }, ['league'])))
    server().on('POST /auth/password/change', answers['POST /auth/password/change'])
    const page = await renderPage('pages/login/index', { entry: 'cityservice' })
    expect(text(page)).toContain('团组织、志愿服务组织登录')
    page.instance.onUsername({ detail: 'th-league' })
    page.instance.onPassword({ detail: '000000' })
    await tap(page, '#login', 'click')
    expect(page.data.step).toBe('change')
    expect(text(page)).toContain('首次登录请修改初始密码')
    page.instance.onNew({ detail: 'Better2026' })
    page.instance.onAgain({ detail: 'Better2027' })
    await tap(page, '#change', 'click')
    expect(page.data.errors.again).toBe('两次输入的新密码不一致')
    page.instance.onAgain({ detail: 'Better2026' })
    await tap(page, '#change', 'click')
    expect(server().last('POST /auth/password/change').data).toEqual({ old_password: '000000', new_password: 'Better2026' })
    expect(global.wx.reLaunch).toHaveBeenCalledWith({ url: '/packages/org/workspace/index' })
  })

  test('a weak new password shows the server\'s field error', async () => {
    server().on('POST /auth/password/login', loginResult(me({ must_change_password: true }, ['league'])))
    server().on('POST /auth/password/change', { status: 422, body: envelope(422, 'validation_error', '提交的内容有误', { new_password: ['密码至少 8 位'] }) })
    const page = await renderPage('pages/login/index')
    page.instance.onUsername({ detail: 'th-league' })
    page.instance.onPassword({ detail: '000000' })
    await tap(page, '#login', 'click')
    page.instance.onNew({ detail: 'short' })
    page.instance.onAgain({ detail: 'short' })
    await tap(page, '#change', 'click')
    await flush()
    expect(text(page)).toContain('密码至少 8 位')
    expect(global.wx.reLaunch).not.toHaveBeenCalled()
  })

  test('from the city-services menu, a signed-in organisation account goes straight to its workspace', async () => {
    global.wx.setStorageSync('tb_session', { access_token: 'a', refresh_token: 'r', expires_at: Date.now() + 3600e3, kind: 'password' })
    require('../../utils/session').reset()
    server().on('GET /me', me({}, ['volunteerOrg']))
    await renderPage('pages/login/index', { entry: 'cityservice' })
    expect(global.wx.reLaunch).toHaveBeenCalledWith({ url: '/packages/org/workspace/index' })
  })
})
