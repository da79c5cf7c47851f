// 社区活动: my community's activities (newest first, before_id paging) with 发布活动, the sign-up list
// in a popup, 活动确认 and 取消活动.
const api = require('../../../api/index')
const paging = require('../../../utils/paging')
const format = require('../../../utils/format')
const ui = require('../../../utils/ui')
const labels = require('../labels')
const scopedList = require('../scoped-list')

Component({
  behaviors: [paging.listBehavior, scopedList],
  data: {
    tabs: labels.ACTIVITY_TABS,
    status: '',
    signups: { show: false, title: '', loading: false, error: '', rows: [] },
  },
  methods: {
    onLoad() {
      this.source = paging.beforeId(api.activities.list, () => this.filters())
      return this.loadScope()
    },
    decorate(item) {
      return Object.assign({}, item, {
        timeText: format.span(item.starts_at, item.ends_at),
        started: item.status === 'ended' || new Date(item.starts_at).getTime() <= Date.now(),
      })
    },
    onCreate() {
      wx.navigateTo({ url: '/packages/community/activity-form/index?organisation_id=' + this.community().id })
    },
    onAttendance(e) {
      wx.navigateTo({ url: '/packages/community/attendance/index?id=' + e.currentTarget.dataset.id })
    },
    async onSignups(e) {
      const { id, title } = e.currentTarget.dataset
      this._signupsId = id
      this.setData({ signups: { show: true, title, loading: true, error: '', rows: [] } })
      try {
        const rows = await api.activities.signups({ activity_id: id })
        if (this._signupsId !== id) return
        const shown = (rows || []).map((r) => Object.assign({}, r, { timeText: format.dateTime(r.created_at) }))
        this.setData({ 'signups.loading': false, 'signups.rows': shown })
      } catch (err) {
        this.setData({ 'signups.loading': false, 'signups.error': err.message || '加载失败' })
      }
    },
    onSignupsRetry() {
      return this.onSignups({ currentTarget: { dataset: { id: this._signupsId, title: this.data.signups.title } } })
    },
    onSignupsClose() {
      this._signupsId = null
      this.setData({ 'signups.show': false })
    },
    async onCancel(e) {
      const id = e.currentTarget.dataset.id
      if (this.data.busyId) return
      const reason = await ui.askReason('取消活动的原因', '报名的志愿者会收到通知')
      if (!reason) return
      this.setData({ busyId: id })
      try {
        await api.activities.cancel({ activity_id: id }, { reason })
        this.setData({ busyId: null })
        ui.toast('活动已取消')
        return this.reload()
      } catch (err) {
        this.setData({ busyId: null })
        ui.showError(err)
        if (err.status === 409) return this.reload()
      }
    },
  },
})
