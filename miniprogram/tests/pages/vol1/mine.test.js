const { renderPage, text, tap, flush } = require('../../helpers')
const { answers, me } = require('../../fixtures/vol1')
const { envelope } = require('../../wx')

const server = () => global.wx.__server
const PAGE = 'pages/mine/index'

async function render(user) {
  server().on('GET /me', user || answers['GET /me'])
  server().on('GET /community/me/totals', answers['GET /community/me/totals'])
  return renderPage(PAGE)
}

describe('pages/mine', () => {
  test('shows name, masked phone, service community, points and the cells', async () => {
    const page = await render()
    const shown = text(page)
    expect(shown).toContain('陈晓明')
    expect(shown).toContain('手机号 139****0001')
    expect(shown).toContain('服务社区：华农社区')
    expect(shown).toContain('120')
    ;['我的订单', '我的积分', '我的活动', '我的收藏', '我的上报', '我的求助', '安排给我的求助', '加入社区', '我的初始需求', '个人资料', '机构账号登录', '退出登录']
      .forEach((t) => expect(shown).toContain(t))
    expect(shown).not.toContain('绑定手机号')
    expect(shown).not.toContain('工作台')
  })

  test('cells open their pages', async () => {
    const page = await render()
    const expected = {
      orders: '/packages/volunteer/my-orders/index',
      points: '/packages/volunteer/points/index',
      activities: '/packages/volunteer/my-activities/index',
      favourites: '/packages/volunteer/favourites/index',
      reports: '/packages/volunteer/my-reports/index',
      help: '/packages/volunteer/help-mine/index',
      assigned: '/packages/volunteer/help-assigned/index',
      join: '/packages/volunteer/join/index',
      initial: '/packages/volunteer/my-initial/index',
      profile: '/packages/volunteer/profile/index',
    }
    for (const key of Object.keys(expected)) {
      // eslint-disable-next-line no-await-in-loop
      await tap(page, '#cell-' + key, 'click')
      expect(global.wx.navigateTo).toHaveBeenLastCalledWith({ url: expected[key] })
    }
    await tap(page, '#org-login', 'click')
    expect(global.wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/login/index' })
  })

  test('workspaces follow the memberships', async () => {
    let page = await render(me({}, ['station']))
    expect(page.data.workspaces.map((w) => w.title)).toEqual(['工作台'])
    page = await render(me({}, ['volunteerOrg', 'community']))
    expect(page.data.workspaces.map((w) => w.title)).toEqual(['工作台', '组织工作台', '社区管理'])
    await tap(page, '#ws-org', 'click')
    expect(global.wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/org/workspace/index' })
    await tap(page, '#ws-community', 'click')
    expect(global.wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/community/applications/index' })
    await tap(page, '#ws-work', 'click')
    expect(global.wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/work/index' })
    page = await render(me({}, ['league']))
    expect(page.data.workspaces.map((w) => w.key)).toEqual(['work', 'org'])
  })

  test('no phone: the getPhoneNumber button binds the code and shows the masked number', async () => {
    server().on('POST /auth/mp/phone', answers['POST /auth/mp/phone'])
    const page = await render(me({ phone: null, has_phone: false }))
    expect(text(page)).toContain('未绑定手机号')
    expect(page.querySelector('#phone').data.openType).toBe('getPhoneNumber')
    await tap(page, '#phone', 'getphonenumber', { code: 'phone-code-1', errMsg: 'getPhoneNumber:ok' })
    await flush()
    expect(server().last('POST /auth/mp/phone').data).toEqual({ code: 'phone-code-1' })
    expect(text(page)).toContain('手机号 139****0001')
    expect(page.querySelector('#phone')).toBeUndefined()
  })

  test('refusing the phone says it is needed to take orders, nothing sent', async () => {
    const page = await render(me({ phone: null, has_phone: false }))
    await tap(page, '#phone', 'getphonenumber', { errMsg: 'getPhoneNumber:fail user deny' })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '需要授权手机号才能接单' }))
    expect(server().callsTo('POST /auth/mp/phone')).toEqual([])
  })

  test('a failed binding shows the server message and keeps the button', async () => {
    server().on('POST /auth/mp/phone', { status: 422, body: envelope(422, 'phone_code_invalid', '手机号授权已失效，请重试') })
    const page = await render(me({ phone: null, has_phone: false }))
    await page.instance.onPhone({ detail: { code: 'old' } })
    await flush()
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '手机号授权已失效，请重试' }))
    expect(page.querySelector('#phone')).toBeTruthy()
  })

  test('an error loading me shows the message and retry works', async () => {
    server().on('GET /me', { status: 500, body: envelope(500, 'internal_error', '服务器开小差了') })
    server().on('GET /community/me/totals', answers['GET /community/me/totals'])
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('服务器开小差了')
    server().on('GET /me', answers['GET /me'])
    await tap(page, '#retry', 'click')
    expect(text(page)).toContain('陈晓明')
  })

  test('退出登录 signs out and relaunches the home page', async () => {
    server().on('POST /auth/logout', { status: 204, body: '' })
    const page = await render()
    await tap(page, '#logout', 'click')
    await flush()
    expect(server().callsTo('POST /auth/logout')).toHaveLength(1)
    expect(global.wx.getStorageSync('tb_session')).toBeFalsy()
    expect(global.wx.reLaunch).toHaveBeenCalledWith({ url: '/pages/home/index' })
  })

  test('shown again, it reloads (pull-to-refresh too)', async () => {
    const page = await render()
    server().on('GET /community/me/totals', Object.assign({}, answers['GET /community/me/totals'], { balance: 150 }))
    await page.instance.onShow()
    await flush()
    expect(text(page)).toContain('150')
    expect(text(page)).toContain('服务 6 次 · 12.5 小时')
    await page.instance.onPullDownRefresh()
    expect(global.wx.stopPullDownRefresh).toHaveBeenCalled()
  })
})
