// 社区活动: my community's activities (newest first, before_id paging) with 发布活动, the sign-up list
// in a popup, 活动确认 and 取消活动.
const api = require('../../../api/index')
const paging = require('../../../utils/paging')
const format = require('../../../utils/format')
const ui = require('../../../utils/ui')
const labels = require('../labels')

Component({
  behaviors: [paging.listBehavior],
  data: {
    tabs: labels.ACTIVITY_TABS,
    status: '',
    communities: [],
    communityIndex: 0,
    scopeError: '',
    scopeLoading: true,
    busyId: null,
    signups: { show: false, title: '', loading: false, error: '', rows: [] },
  },
  methods: {
    onLoad() {
      this.source = paging.beforeId(api.activities.list, () => this.filters())
      return this.loadScope()
    },
    // Back from the form or the confirmation page: the list may have changed.
    onShow() {
      if (this._shown && this.data.communities.length) return this.reload()
      this._shown = true
      return null
    },
    async loadScope() {
      this.setData({ scopeLoading: true, scopeError: '' })
      try {
        const communities = await labels.myCommunities()
        if (!communities.length) return this.setData({ scopeLoading: false, scopeError: labels.NOT_STAFF })
        this.setData({ communities, scopeLoading: false })
        return this.reload()
      } catch (err) {
        return this.setData({ scopeLoading: false, scopeError: err.message || '加载失败' })
      }
    },
    community() {
      return this.data.communities[this.data.communityIndex]
    },
    filters() {
      return { organisation_id: this.community() && this.community().id, status: this.data.status || null }
    },
    decorate(item) {
      return Object.assign({}, item, {
        timeText: format.span(item.starts_at, item.ends_at),
        started: item.status === 'ended' || new Date(item.starts_at).getTime() <= Date.now(),
      })
    },
    onTab(e) {
      this.setData({ status: e.currentTarget.dataset.name })
      return this.reload()
    },
    onCommunity(e) {
      this.setData({ communityIndex: Number(e.detail.value) })
      return this.reload()
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
