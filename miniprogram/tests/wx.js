// A fresh `wx` for each test: storage in a Map, UI calls recorded, and wx.request / wx.uploadFile
// answered by a fake of our API. Routes are declared the way the OpenAPI spec writes them:
//
//   server.on('GET /order-feed', { items: [...], next_cursor: null })           // 200 with a body
//   server.on('POST /orders/{order_id}/takes', (req) => ({ status: 409, body: envelope(...) }))
//
// Every request lands in server.calls as {method, path, query, data, header}. A request no route
// matches is answered 404 and kept in server.unmatched, which tests/setup.js checks after each test.
const DEFAULT_BASE = 'http://127.0.0.1:5000/api/v1'

function envelope(status, error, message, errors) {
  return { code: status, status: String(status), error, message, errors: errors || {} }
}

function parseUrl(url) {
  // Any environment's base URL: what follows /api/v1 is the path the spec knows.
  const at = url.indexOf('/api/v1')
  const rest = at >= 0 ? url.slice(at + '/api/v1'.length) : url
  const [path, qs] = rest.split('?')
  const query = {}
  ;(qs || '').split('&').filter(Boolean).forEach((pair) => {
    const [k, v] = pair.split('=')
    query[decodeURIComponent(k)] = decodeURIComponent(v || '')
  })
  return { path, query }
}

function compile(spec) {
  const [method, pattern] = spec.split(' ')
  const names = []
  const regex = new RegExp('^' + pattern.replace(/\{([a-z_]+)\}/g, (_, name) => {
    names.push(name)
    return '([^/]+)'
  }) + '$')
  return { method, pattern, regex, names }
}

function createServer() {
  const routes = []
  const server = {
    calls: [],
    unmatched: [],
    on(spec, answer) {
      // Later declarations win, so a test can override a default set up in beforeEach.
      routes.unshift(Object.assign(compile(spec), { answer }))
      return server
    },
    // The calls made to one route, e.g. server.callsTo('POST /orders/{order_id}/takes').
    callsTo(spec) {
      const r = compile(spec)
      return server.calls.filter((c) => c.method === r.method && r.regex.test(c.path))
    },
    last(spec) {
      const list = server.callsTo(spec)
      return list[list.length - 1]
    },
    handle(method, url, data, header) {
      const { path, query } = parseUrl(url)
      const call = { method, path, query, data, header: header || {} }
      server.calls.push(call)
      for (const route of routes) {
        if (route.method !== method) continue
        const m = route.regex.exec(path)
        if (!m) continue
        call.params = {}
        route.names.forEach((n, i) => { call.params[n] = decodeURIComponent(m[i + 1]) })
        let answer = typeof route.answer === 'function' ? route.answer(call) : route.answer
        if (!answer || answer.status === undefined || answer.body === undefined) answer = { status: 200, body: answer }
        return { statusCode: answer.status, data: answer.body }
      }
      server.unmatched.push(method + ' ' + path)
      return { statusCode: 404, data: envelope(404, 'not_found', '请求的地址不存在') }
    },
  }
  return server
}

function installWx() {
  const storage = new Map()
  const server = createServer()
  const later = (fn) => setTimeout(fn, 0)
  const wx = {
    __server: server,
    __storage: storage,
    getStorageSync: jest.fn((k) => (storage.has(k) ? storage.get(k) : '')),
    setStorageSync: jest.fn((k, v) => { storage.set(k, JSON.parse(JSON.stringify(v))) }),
    removeStorageSync: jest.fn((k) => { storage.delete(k) }),
    getAccountInfoSync: jest.fn(() => ({ miniProgram: { envVersion: 'develop', appId: 'touristappid' } })),
    request: jest.fn((opts) => {
      later(() => {
        if (global.wx.__offline) return opts.fail && opts.fail({ errMsg: 'request:fail' })
        const res = server.handle(opts.method || 'GET', opts.url, opts.data, opts.header)
        opts.success && opts.success(res)
        opts.complete && opts.complete(res)
      })
    }),
    uploadFile: jest.fn((opts) => {
      later(() => {
        const res = server.handle('POST', opts.url, { file: opts.filePath }, opts.header)
        // uploadFile hands the body back as text
        opts.success && opts.success({ statusCode: res.statusCode, data: JSON.stringify(res.data) })
      })
    }),
    login: jest.fn((opts) => later(() => opts.success({ code: 'wx-code-1' }))),
    requestSubscribeMessage: jest.fn((opts) => later(() => {
      const res = { errMsg: 'requestSubscribeMessage:ok' }
      ;(opts.tmplIds || []).forEach((id) => { res[id] = 'accept' })
      opts.success && opts.success(res)
    })),
    chooseMedia: jest.fn((opts) => later(() => opts.success({ tempFiles: [{ tempFilePath: 'wxfile://tmp/1.jpg' }] }))),
    chooseLocation: jest.fn((opts) => later(() => opts.success({ name: '华南农业大学', address: '广州市天河区五山路483号', latitude: 23.157, longitude: 113.353 }))),
    getLocation: jest.fn((opts) => later(() => opts.success({ latitude: 23.13, longitude: 113.33 }))),
    openLocation: jest.fn(),
    previewImage: jest.fn(),
    showToast: jest.fn(),
    showLoading: jest.fn(),
    hideLoading: jest.fn(),
    showModal: jest.fn((opts) => later(() => opts.success && opts.success({ confirm: true, cancel: false, content: global.wx.__modalText || '' }))),
    showActionSheet: jest.fn((opts) => later(() => opts.success && opts.success({ tapIndex: 0 }))),
    navigateTo: jest.fn(),
    redirectTo: jest.fn(),
    navigateBack: jest.fn(),
    switchTab: jest.fn(),
    reLaunch: jest.fn(),
    stopPullDownRefresh: jest.fn(),
    setNavigationBarTitle: jest.fn(),
    setTabBarBadge: jest.fn(),
    removeTabBarBadge: jest.fn(),
    makePhoneCall: jest.fn(),
    setClipboardData: jest.fn(),
    vibrateShort: jest.fn(),
    nextTick: (fn) => later(fn),
  }
  // Keep miniprogram-simulate's inert stubs for everything not faked here (Vant calls a few).
  global.wx = Object.assign({}, baseWx, wx)
  return global.wx
}

let baseWx = null
function rememberBase(original) {
  baseWx = Object.assign({}, original)
}

module.exports = { installWx, rememberBase, envelope, DEFAULT_BASE }
