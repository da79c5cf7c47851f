// Signing in and staying signed in. WeChat people sign in with wx.login's code; organisation accounts
// with username and password (a must_change_password answer sends them to change it first). Only our
// tokens are stored (utils/session.js).
const env = require('../config/env')
const session = require('./session')
const { ApiError } = require('./request')
const authApi = require('../api/auth')
const meApi = require('../api/me')

let pending = null // one renewal at a time, however many requests hit a 401 together
let me = null // the signed-in user (GET /me), kept in memory only

function wxLogin() {
  return new Promise((resolve, reject) => {
    wx.login({
      success: (res) => (res.code ? resolve(res.code) : reject(new ApiError(0, 'wx_login', '微信登录失败，请重试'))),
      fail: () => reject(new ApiError(0, 'wx_login', '微信登录失败，请检查网络后重试')),
    })
  })
}

function remember(result, kind, extra) {
  session.save(result, kind, extra)
  if (result.user) me = result.user
  return result
}

// Develop builds talk to the local fake WeChat, which only understands `dev-<name>` codes.
async function loginWithWechat() {
  const current = session.load()
  let code
  let extra
  if (env.current().devLogin) {
    const name = (current && current.dev_name) || 'volunteer01'
    code = 'dev-' + name
    extra = { dev_name: name }
  } else {
    code = await wxLogin()
  }
  const result = await authApi.mpLogin(null, { code })
  return remember(result, env.current().devLogin ? 'dev' : 'wechat', extra)
}

async function loginAsDemo(name) {
  const result = await authApi.mpLogin(null, { code: 'dev-' + name })
  session.clear()
  return remember(result, 'dev', { dev_name: name })
}

async function loginWithPassword(username, password) {
  const result = await authApi.passwordLogin(null, { username, password })
  session.clear()
  return remember(result, 'password')
}

async function refresh() {
  const current = session.load()
  if (!current || !current.refresh_token) throw new ApiError(401, 'unauthorized', '请先登录')
  const tokens = await authApi.refresh(null, { refresh_token: current.refresh_token })
  session.save(tokens)
  return tokens.access_token
}

// A password session that can no longer refresh cannot log itself in again: its owner must type the
// password, so the login page is opened and the call fails with the server's "请先登录".
async function renewNow() {
  try {
    return await refresh()
  } catch (err) {
    if (err.status === 0) throw err // offline: keep the session, let the caller show the network error
  }
  const current = session.load()
  if (current && current.kind === 'password') {
    session.clear()
    me = null
    wx.reLaunch({ url: '/pages/login/index?expired=1' })
    throw new ApiError(401, 'unauthorized', '登录已过期，请重新登录')
  }
  const result = await loginWithWechat()
  return result.access_token
}

function renew(rejectedToken) {
  // Another request may already have renewed the token this one was sent with.
  const token = session.accessToken()
  if (token && token !== rejectedToken && session.isFresh()) return Promise.resolve(token)
  if (!pending) pending = renewNow().finally(() => { pending = null })
  return pending
}

async function ensureToken() {
  if (session.isFresh()) return session.accessToken()
  if (!pending) {
    const current = session.load()
    pending = (current && current.refresh_token ? renewNow() : loginWithWechat().then((r) => r.access_token))
      .finally(() => { pending = null })
  }
  return pending
}

async function currentUser(force) {
  if (me && !force) return me
  me = await meApi.get()
  return me
}

function setCurrentUser(user) {
  me = user
}

async function logout() {
  if (session.accessToken()) {
    try {
      await authApi.logout()
    } catch (e) {
      // signing out locally is what matters; the server forgets the token when it lapses
    }
  }
  session.clear()
  me = null
}

// For tests: forget everything held in memory.
function reset() {
  pending = null
  me = null
  session.reset()
}

module.exports = {
  ensureToken, renew, loginWithWechat, loginAsDemo, loginWithPassword, refresh, currentUser,
  setCurrentUser, logout, reset,
}
