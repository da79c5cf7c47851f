// Sign-in for organisation accounts (username + password; a first sign-in must change the initial
// password before anything else), binding one to my own WeChat (工作人员: then my WeChat acts for the
// organisation and receives its notifications), and, in develop builds, signing in as a demo person. Entering from
// WeChat's city-services menu (query entry=cityservice) lands on the organisation workspace.
const auth = require('../../utils/auth')
const env = require('../../config/env')
const roles = require('../../utils/roles')
const ui = require('../../utils/ui')
const authApi = require('../../api/auth')
const meApi = require('../../api/me')
const session = require('../../utils/session')

const DEMO_PEOPLE = [
  { name: 'volunteer01', label: '陈晓明（志愿者）' },
  { name: 'volunteer02', label: '李佳怡（志愿者）' },
  { name: 'volunteer03', label: '张伟（志愿者）' },
  { name: 'station-wang', label: '王社工（五山街道社工站）' },
  { name: 'community-feng', label: '冯主任（华农社区）' },
  { name: 'newcomer', label: '新用户（首次登录）' },
]

Component({
  data: {
    step: 'login', // login | change
    entry: '',
    expired: false,
    username: '',
    password: '',
    oldPassword: '',
    newPassword: '',
    again: '',
    errors: {},
    busy: false,
    canBind: false,
    devLogin: false,
    demoPeople: DEMO_PEOPLE,
  },
  methods: {
    onLoad(query) {
      const q = query || {}
      const current = session.load()
      this.setData({
        entry: q.entry || '', expired: q.expired === '1', devLogin: Boolean(env.current().devLogin),
        // Someone signed in with WeChat may bind an account instead of switching to it.
        canBind: Boolean(current && current.kind !== 'password' && current.access_token),
      })
      if (q.entry === 'cityservice') return this.resumeOrganisation()
      return null
    },
    // Someone already signed in to an organisation account goes straight to its workspace.
    async resumeOrganisation() {
      const current = session.load()
      if (!current || current.kind !== 'password') return
      try {
        const me = await auth.currentUser(true)
        if (me.must_change_password) return this.setData({ step: 'change' })
        this.land(me)
      } catch (err) {
        // the stored session is gone: stay on the form
      }
    },
    onUsername(e) { this.setData({ username: e.detail, 'errors.username': '' }) },
    onPassword(e) { this.setData({ password: e.detail, 'errors.password': '' }) },
    onOld(e) { this.setData({ oldPassword: e.detail, 'errors.old_password': '' }) },
    onNew(e) { this.setData({ newPassword: e.detail, 'errors.new_password': '' }) },
    onAgain(e) { this.setData({ again: e.detail, 'errors.again': '' }) },

    // The account and password typed in, or null (with the empty fields marked) when one is missing.
    credentials() {
      const username = this.data.username.trim()
      const password = this.data.password
      const errors = {}
      if (!username) errors.username = '请输入账号'
      if (!password) errors.password = '请输入密码'
      if (Object.keys(errors).length) {
        this.setData({ errors })
        return null
      }
      return { username, password }
    },

    async onPasswordLogin() {
      const typed = this.credentials()
      if (!typed) return
      const { username, password } = typed
      this.setData({ busy: true })
      try {
        const result = await auth.loginWithPassword(username, password)
        this.setData({ busy: false, password: '' })
        if (result.user && result.user.must_change_password) {
          return this.setData({ step: 'change', oldPassword: password })
        }
        this.land(result.user)
      } catch (err) {
        this.setData({ busy: false })
        ui.showError(err)
      }
    },

    // Same account and password, but kept on my WeChat identity: POST /me/bindings.
    async onBind() {
      const typed = this.credentials()
      if (!typed) return
      const { username, password } = typed
      this.setData({ busy: true })
      try {
        const me = await meApi.bindAccount(null, { username, password })
        auth.setCurrentUser(me)
        this.setData({ busy: false, password: '' })
        ui.toast('已绑定')
        this.land(me)
      } catch (err) {
        this.setData({ busy: false, errors: ui.fieldErrors(err) })
        ui.showError(err)
      }
    },

    async onChange() {
      const { oldPassword, newPassword, again } = this.data
      const errors = {}
      if (!oldPassword) errors.old_password = '请输入原密码'
      if (!newPassword) errors.new_password = '请输入新密码'
      else if (newPassword === oldPassword) errors.new_password = '新密码不能与原密码相同'
      if (newPassword !== again) errors.again = '两次输入的新密码不一致'
      if (Object.keys(errors).length) return this.setData({ errors })
      this.setData({ busy: true })
      try {
        const me = await authApi.changePassword(null, { old_password: oldPassword, new_password: newPassword })
        auth.setCurrentUser(me)
        this.setData({ busy: false, oldPassword: '', newPassword: '', again: '' })
        ui.toast('密码已修改')
        this.land(me)
      } catch (err) {
        this.setData({ busy: false, errors: ui.fieldErrors(err) })
        ui.showError(err)
      }
    },

    async onDemo(e) {
      const name = e.currentTarget.dataset.name
      try {
        const result = await auth.loginAsDemo(name)
        this.land(result.user)
      } catch (err) {
        ui.showError(err)
      }
    },

    land(me) {
      if (roles.has(me, 'league') || roles.has(me, 'volunteer_org')) {
        return wx.reLaunch({ url: '/packages/org/workspace/index' })
      }
      if (roles.activeMemberships(me).length) return wx.reLaunch({ url: '/pages/work/index' })
      return wx.switchTab({ url: '/pages/mine/index' })
    },
  },
})
