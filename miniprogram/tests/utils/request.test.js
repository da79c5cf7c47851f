const { envelope } = require('../wx')
const { answers } = require('../fixtures/common')
const api = require('../../api/index')
const session = require('../../utils/session')
const { flush } = require('../helpers')

const server = () => global.wx.__server

describe('requests', () => {
  test('sends our bearer token to the develop base URL and fills path placeholders', async () => {
    server().on('GET /orders/{order_id}', { id: 5 })
    await api.orders.get({ order_id: 5, view: 'x' })
    const call = server().last('GET /orders/{order_id}')
    expect(call.path).toBe('/orders/5')
    expect(call.query).toEqual({ view: 'x' })
    expect(call.header.Authorization).toBe('Bearer test-access')
    expect(global.wx.request.mock.calls[0][0].url).toMatch(/^http:\/\/127\.0\.0\.1:5000\/api\/v1\/orders\/5\?/)
  })

  test('the error envelope becomes an ApiError with the server\'s Chinese message', async () => {
    server().on('POST /orders/{order_id}/takes', { status: 409, body: envelope(409, 'order_full', '该订单招募人数已满') })
    await expect(api.takes.take({ order_id: 1 }, {})).rejects.toMatchObject({ status: 409, error: 'order_full', message: '该订单招募人数已满' })
  })

  test('a 5xx without an envelope and a dropped connection still get Chinese messages', async () => {
    server().on('GET /me', { status: 502, body: '<html>bad gateway</html>' })
    await expect(api.me.get()).rejects.toMatchObject({ status: 502, message: '服务器开小差了，请稍后再试' })
    global.wx.__offline = true
    await expect(api.me.get()).rejects.toMatchObject({ status: 0, message: '网络不给力，请检查网络后重试' })
  })

  test('a missing path parameter is refused before anything is sent', () => {
    expect(() => api.orders.get({})).toThrow('缺少参数：order_id')
    expect(server().calls).toEqual([])
  })

  test('on 401 the token is refreshed once and the request retried with the new token', async () => {
    let first = true
    server().on('GET /me', (req) => {
      if (first) { first = false; return { status: 401, body: envelope(401, 'unauthorized', '请先登录') } }
      return answers['GET /me']
    })
    server().on('POST /auth/refresh', answers['POST /auth/refresh'])
    const me = await api.me.get()
    expect(me.real_name).toBe('陈晓明')
    expect(server().last('POST /auth/refresh').data).toEqual({ refresh_token: 'test-refresh' })
    expect(server().callsTo('GET /me').map((c) => c.header.Authorization)).toEqual(['Bearer test-access', 'Bearer access-3'])
    expect(global.wx.getStorageSync('tb_session').access_token).toBe('access-3')
  })

  test('when refreshing fails a WeChat user logs in again (develop: dev- code) and the request goes through', async () => {
    let calls = 0
    server().on('GET /me', () => (calls++ === 0 ? { status: 401, body: envelope(401, 'unauthorized', '请先登录') } : answers['GET /me']))
    server().on('POST /auth/refresh', { status: 401, body: envelope(401, 'invalid_refresh', '刷新令牌无效') })
    server().on('POST /auth/mp/login', answers['POST /auth/mp/login'])
    await api.me.get()
    expect(server().last('POST /auth/mp/login').data).toEqual({ code: 'dev-volunteer01' })
    expect(server().last('GET /me').header.Authorization).toBe('Bearer access-2')
  })

  test('a released build logs in with wx.login\'s code', async () => {
    global.wx.getAccountInfoSync = jest.fn(() => ({ miniProgram: { envVersion: 'release' } }))
    global.wx.removeStorageSync('tb_session')
    session.reset()
    server().on('POST /auth/mp/login', answers['POST /auth/mp/login'])
    server().on('GET /me', answers['GET /me'])
    await api.me.get()
    expect(global.wx.login).toHaveBeenCalled()
    expect(server().last('POST /auth/mp/login').data).toEqual({ code: 'wx-code-1' })
    expect(global.wx.request.mock.calls[0][0].url).toMatch(/^https:\/\/timebank\.example\.cn\/api\/v1/)
  })

  test('many requests hitting 401 together renew once', async () => {
    const seen = {}
    server().on('GET /inbox/unread-count', (req) => {
      const token = req.header.Authorization
      seen[token] = (seen[token] || 0) + 1
      return token === 'Bearer test-access' ? { status: 401, body: envelope(401, 'unauthorized', '请先登录') } : { unread: 1 }
    })
    server().on('POST /auth/refresh', answers['POST /auth/refresh'])
    await Promise.all([api.inbox.unreadCount(), api.inbox.unreadCount(), api.inbox.unreadCount()])
    expect(server().callsTo('POST /auth/refresh')).toHaveLength(1)
    expect(seen['Bearer access-3']).toBe(3)
  })

  test('an organisation session that cannot refresh is sent to the login page, not logged in as WeChat', async () => {
    global.wx.setStorageSync('tb_session', { access_token: 'a', refresh_token: 'refresh-x', expires_at: Date.now() + 3600e3, kind: 'password' })
    session.reset()
    server().on('GET /me', { status: 401, body: envelope(401, 'unauthorized', '请先登录') })
    server().on('POST /auth/refresh', { status: 401, body: envelope(401, 'invalid_refresh', '刷新令牌无效') })
    await expect(api.me.get()).rejects.toMatchObject({ status: 401, message: '登录已过期，请重新登录' })
    expect(global.wx.reLaunch).toHaveBeenCalledWith({ url: '/pages/login/index?expired=1' })
    expect(server().callsTo('POST /auth/mp/login')).toHaveLength(0)
    expect(global.wx.getStorageSync('tb_session')).toBe('')
  })

  test('only our tokens are stored', async () => {
    global.wx.removeStorageSync('tb_session')
    session.reset()
    server().on('POST /auth/mp/login', answers['POST /auth/mp/login'])
    server().on('GET /me', answers['GET /me'])
    await api.me.get()
    await flush()
    const keys = [...global.wx.__storage.keys()]
    expect(keys).toEqual(['tb_session'])
    expect(Object.keys(global.wx.getStorageSync('tb_session')).sort()).toEqual(['access_token', 'dev_name', 'expires_at', 'kind', 'refresh_token'])
  })

  test('uploads go through wx.uploadFile with the token and resolve the Upload', async () => {
    server().on('POST /uploads', answers['POST /uploads'])
    const up = await api.uploads.create('wxfile://tmp/a.jpg')
    expect(up.id).toBe(501)
    expect(global.wx.uploadFile.mock.calls[0][0]).toMatchObject({ name: 'file', filePath: 'wxfile://tmp/a.jpg', header: { Authorization: 'Bearer test-access' } })
  })
})
