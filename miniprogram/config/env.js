// The API base URL for each mini-program version. `envVersion` is what WeChat reports for the running
// build: DevTools and preview builds are `develop`, 体验版 is `trial`, the published one is `release`.
// Only `develop` may talk plain HTTP to a laptop (tick “不校验合法域名” in DevTools); the other two must
// be HTTPS domains listed as request合法域名 in the mini-program console.
const ENVIRONMENTS = {
  develop: {
    apiBase: 'http://127.0.0.1:5000/api/v1',
    // The local run's fake WeChat cannot redeem DevTools' real wx.login codes, so develop builds sign in
    // as one of the demo people with a `dev-<name>` code instead (README: demo accounts).
    devLogin: true,
  },
  trial: { apiBase: 'https://timebank-staging.example.cn/api/v1', devLogin: false },
  release: { apiBase: 'https://timebank.example.cn/api/v1', devLogin: false },
}

function envVersion() {
  try {
    const info = wx.getAccountInfoSync()
    const version = info && info.miniProgram && info.miniProgram.envVersion
    if (ENVIRONMENTS[version]) return version
  } catch (e) {
    // getAccountInfoSync is missing on very old base libraries: treat them as released builds.
  }
  return 'release'
}

function current() {
  const name = envVersion()
  return Object.assign({ name }, ENVIRONMENTS[name])
}

module.exports = { ENVIRONMENTS, envVersion, current }
