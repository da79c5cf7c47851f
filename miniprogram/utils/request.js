// Every call to our API goes through here: the base URL of the running version, our bearer token,
// one refresh and one re-login on 401, and the error envelope turned into an ApiError whose `message`
// is the server's Chinese text.
const env = require('../config/env')
const session = require('./session')

const NETWORK_MESSAGE = '网络不给力，请检查网络后重试'
const TIMEOUT_MS = 15000

class ApiError extends Error {
  // status 0 means the request never got an answer (offline, timeout, DNS).
  constructor(status, error, message, errors) {
    super(message || '操作失败，请稍后再试')
    this.name = 'ApiError'
    this.status = status
    this.error = error || 'unknown'
    this.errors = errors || {}
  }
}

function toError(statusCode, body) {
  if (body && typeof body === 'object' && body.message) {
    return new ApiError(statusCode, body.error, body.message, body.errors)
  }
  if (statusCode >= 500) return new ApiError(statusCode, 'server_error', '服务器开小差了，请稍后再试')
  return new ApiError(statusCode, 'http_' + statusCode, '请求失败（' + statusCode + '）')
}

function queryString(query) {
  const parts = []
  Object.keys(query || {}).forEach((key) => {
    const value = query[key]
    if (value === undefined || value === null || value === '') return
    const values = Array.isArray(value) ? value : [value]
    values.forEach((v) => parts.push(encodeURIComponent(key) + '=' + encodeURIComponent(String(v))))
  })
  return parts.length ? '?' + parts.join('&') : ''
}

// One wx.request as a promise resolving {statusCode, data}; wx.request calls `success` for every HTTP
// status, `fail` only when nothing came back.
function send(method, url, data, token) {
  return new Promise((resolve, reject) => {
    const header = { 'Content-Type': 'application/json' }
    if (token) header.Authorization = 'Bearer ' + token
    wx.request({
      url,
      method,
      data: data === undefined ? undefined : data,
      header,
      timeout: TIMEOUT_MS,
      success: (res) => resolve(res),
      fail: () => reject(new ApiError(0, 'network', NETWORK_MESSAGE)),
    })
  })
}

function auth() {
  return require('./auth') // lazy: auth itself uses this module to reach the login endpoints
}

// options: {method, path, query, data, anonymous}
async function request(options) {
  const method = (options.method || 'GET').toUpperCase()
  const url = env.current().apiBase + options.path + queryString(options.query)
  if (options.anonymous) {
    const res = await send(method, url, options.data, null)
    return unwrap(res)
  }
  let token = await auth().ensureToken()
  let res = await send(method, url, options.data, token)
  if (res.statusCode === 401) {
    // The token was revoked or lapsed early: renew once (refresh, else log in again) and retry once.
    token = await auth().renew(token)
    res = await send(method, url, options.data, token)
  }
  return unwrap(res)
}

function unwrap(res) {
  if (res.statusCode >= 200 && res.statusCode < 300) return res.statusCode === 204 ? null : res.data
  throw toError(res.statusCode, res.data)
}

// wx.uploadFile for one image to POST /uploads, resolving the Upload.
async function upload(filePath) {
  const url = env.current().apiBase + '/uploads'
  const attempt = (token) => new Promise((resolve, reject) => {
    wx.uploadFile({
      url,
      filePath,
      name: 'file',
      header: { Authorization: 'Bearer ' + token },
      timeout: 60000,
      success: (res) => resolve(res),
      fail: () => reject(new ApiError(0, 'network', NETWORK_MESSAGE)),
    })
  })
  let token = await auth().ensureToken()
  let res = await attempt(token)
  if (res.statusCode === 401) {
    token = await auth().renew(token)
    res = await attempt(token)
  }
  // uploadFile hands back the body as text.
  let body = res.data
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body)
    } catch (e) {
      body = null
    }
  }
  return unwrap({ statusCode: res.statusCode, data: body })
}

// Declares one endpoint of the OpenAPI spec. `reads` lists the response fields the client uses
// ("items[].title"); tests/contract.test.js checks method, path and reads against the spec.
// The returned function takes (params, body): params fill the {placeholders} of the path and the rest
// become the query string.
function endpoint(spec, options) {
  const [method, path] = spec.split(' ')
  const placeholders = (path.match(/\{[a-z_]+\}/g) || []).map((p) => p.slice(1, -1))
  const opts = options || {}
  const call = function (params, body) {
    const rest = Object.assign({}, params || {})
    let filled = path
    placeholders.forEach((name) => {
      if (rest[name] === undefined || rest[name] === null || rest[name] === '') {
        throw new ApiError(0, 'client', '缺少参数：' + name)
      }
      filled = filled.replace('{' + name + '}', encodeURIComponent(String(rest[name])))
      delete rest[name]
    })
    return request({ method, path: filled, query: rest, data: body, anonymous: opts.anonymous })
  }
  call.method = method
  call.path = path
  call.reads = opts.reads || []
  call.anonymous = Boolean(opts.anonymous)
  return call
}

module.exports = { ApiError, request, upload, endpoint, queryString, NETWORK_MESSAGE }
