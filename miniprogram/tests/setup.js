// Before each test: a fresh fake wx and API server, no signed-in state left from the previous test,
// and a fresh, valid session so pages do not log in unless the test wants them to. After each test:
// any request the fake server had no route for fails the test (a page called an endpoint the test did
// not expect, or a wrong path).
const simulate = require('miniprogram-simulate')
const { installWx, rememberBase } = require('./wx')

rememberBase(global.wx)

beforeEach(() => {
  installWx()
  require('../utils/auth').reset()
  require('../utils/subscribe').reset()
  global.wx.setStorageSync('tb_session', {
    access_token: 'test-access', refresh_token: 'test-refresh', expires_at: Date.now() + 3600e3, kind: 'wechat',
  })
})

afterEach(() => {
  const unmatched = global.wx.__server.unmatched
  if (unmatched.length) throw new Error('requests with no route in the test: ' + unmatched.join(', '))
})

global.simulate = simulate
global.getCurrentPages = () => [] // Vant's tabs ask for the page stack; pages here are rendered alone
