// The app: sign in on launch (wx.login → our token), load the subscribe-message templates so taps can
// ask at once, and keep the inbox badge on the 消息 tab current.
const auth = require('./utils/auth')
const subscribe = require('./utils/subscribe')
const badge = require('./utils/badge')

App({
  onLaunch(options) {
    this.launchQuery = (options && options.query) || {}
    auth.ensureToken()
      .then(() => {
        subscribe.preload()
        return badge.refresh()
      })
      .catch(() => {
        // Pages show their own error states; a failed launch login is retried on the first request.
      })
  },
  onShow() {
    badge.refresh().catch(() => {})
  },
})
