// Our own tokens are the only thing kept in storage: never WeChat's session_key (it stays on the
// server) and no cached personal data.
const KEY = 'tb_session'

let memo = null

function load() {
  if (memo) return memo
  try {
    memo = wx.getStorageSync(KEY) || null
  } catch (e) {
    memo = null
  }
  return memo
}

// kind: 'wechat' (wx.login), 'dev' (a demo identity in develop builds) or 'password' (organisation account)
function save(tokens, kind, extra) {
  const previous = load() || {}
  memo = {
    access_token: tokens.access_token,
    refresh_token: tokens.refresh_token || previous.refresh_token,
    // Refresh a minute early so a request never leaves with a token about to lapse.
    expires_at: Date.now() + Math.max((tokens.expires_in || 0) - 60, 0) * 1000,
    kind: kind || previous.kind || 'wechat',
    dev_name: (extra && extra.dev_name) || previous.dev_name || null,
  }
  wx.setStorageSync(KEY, memo)
  return memo
}

function clear() {
  memo = null
  try {
    wx.removeStorageSync(KEY)
  } catch (e) {
    // nothing stored
  }
}

function accessToken() {
  const s = load()
  return s ? s.access_token : null
}

function isFresh() {
  const s = load()
  return Boolean(s && s.access_token && s.expires_at > Date.now())
}

// For tests: forget the in-memory copy so the next load reads storage again.
function reset() {
  memo = null
}

module.exports = { KEY, load, save, clear, accessToken, isFresh, reset }
