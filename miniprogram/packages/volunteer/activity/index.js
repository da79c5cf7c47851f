// 活动详情: what, where, when and places left; sign up (needs a real name) or cancel my sign-up; the
// publisher's public feedback (summary and photos) once it is written.
const api = require('../../../api/index')
const format = require('../../../utils/format')
const subscribe = require('../../../utils/subscribe')
const ui = require('../../../utils/ui')

Component({
  data: {
    id: null,
    loading: true,
    error: '',
    activity: null,
    span: '',
    busy: false,
  },
  methods: {
    onLoad(query) {
      this.setData({ id: Number(query && query.id) })
      subscribe.preload()
      return this.load()
    },
    async load() {
      this.setData({ loading: true, error: '' })
      try {
        const activity = await api.activities.get({ activity_id: this.data.id })
        this.setData({ loading: false, activity, span: format.span(activity.starts_at, activity.ends_at) })
      } catch (err) {
        this.setData({ loading: false, error: err.status === 404 ? '活动不存在或已删除' : err.message })
      }
    },
    onRetry() { return this.load() },

    async onSignUp() {
      subscribe.ask(['status_change', 'service_reminder'])
      if (this.data.busy) return
      this.setData({ busy: true })
      try {
        await api.activities.signUp({ activity_id: this.data.id })
        this.setData({ busy: false })
        ui.toast('报名成功')
        await this.load()
      } catch (err) {
        this.setData({ busy: false })
        if (err.error === 'real_name_required' || err.status === 422) return this.offerProfile(err)
        ui.showError(err)
        // A conflict means the places or the status changed under us: show the current state.
        if (err.status === 409) this.load()
      }
    },
    async offerProfile(err) {
      const go = await ui.confirm('请先填写真实姓名', err.message || '报名须先填写真实姓名')
      if (go) wx.navigateTo({ url: '/packages/volunteer/profile/index' })
    },

    async onCancel() {
      if (this.data.busy) return
      const ok = await ui.confirm('取消报名', '确定取消报名吗？名额将释放给其他志愿者。')
      if (!ok) return
      this.setData({ busy: true })
      try {
        await api.activities.cancelSignup({ signup_id: this.data.activity.my_signup_id })
        this.setData({ busy: false })
        ui.toast('已取消报名')
        await this.load()
      } catch (err) {
        this.setData({ busy: false })
        ui.showError(err)
        if (err.status === 409) this.load()
      }
    },

    onPlace() {
      const a = this.data.activity
      if (a && a.latitude != null && a.longitude != null) {
        wx.openLocation({ latitude: a.latitude, longitude: a.longitude, name: a.title, address: a.place })
      }
    },
    onPhoto(e) {
      const urls = this.data.activity.feedback.photo_urls
      wx.previewImage({ urls, current: urls[e.currentTarget.dataset.index] })
    },
  },
})
