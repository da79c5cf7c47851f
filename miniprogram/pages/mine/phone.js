// The getPhoneNumber button's answer, shared by 我的 and 个人资料: a code means the user agreed and the
// server exchanges it for the (masked) number; no code means they refused.
const api = require('../../api/index')
const auth = require('../../utils/auth')
const ui = require('../../utils/ui')

// Resolves the masked phone when bound, null when refused or failed (the user has been told).
function bindPhone(e) {
  const code = e && e.detail && e.detail.code
  if (!code) {
    ui.showError({ message: '需要授权手机号才能接单' })
    return Promise.resolve(null)
  }
  return api.auth.bindPhone(null, { code }).then(
    (res) => {
      // later pages reading the cached user must see the phone as bound
      auth.currentUser().then((me) => auth.setCurrentUser(Object.assign({}, me, { phone: res.phone, has_phone: true })), () => {})
      ui.toast('手机号已绑定')
      return res.phone
    },
    (err) => {
      ui.showError(err)
      return null
    },
  )
}

module.exports = { bindPhone }
