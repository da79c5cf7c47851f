// 上报审核: reports by my community's volunteers, by status, with 通过 (optionally publishing at once),
// 不通过 (with a reason), and 发布 / 撤下 for approved ones. A 409 (someone else acted) reloads.
const api = require('../../../api/index')
const paging = require('../../../utils/paging')
const format = require('../../../utils/format')
const ui = require('../../../utils/ui')
const labels = require('../labels')
const scopedList = require('../scoped-list')

Component({
  behaviors: [paging.listBehavior, scopedList],
  data: {
    tabs: labels.REPORT_TABS,
    status: 'pending',
    publishOnApprove: true,
  },
  methods: {
    onLoad() {
      this.source = paging.beforeId(api.reports.reviewQueue, () => this.filters())
      return this.loadScope()
    },
    decorate(item) {
      return Object.assign({}, item, {
        createdText: format.dateTime(item.created_at),
        publishedText: format.dateTime(item.published_at),
        photoUrls: (item.photos || []).map((p) => p.url),
      })
    },
    onPublishToggle(e) {
      this.setData({ publishOnApprove: e.detail })
    },
    onPreview(e) {
      const { index, photo } = e.currentTarget.dataset
      const urls = this.data.items[index].photoUrls
      wx.previewImage({ urls, current: urls[photo] })
    },
    // Runs an action on one report; `stays` says whether it stays in the current tab (then it is
    // updated in place) or moves to another tab (then the list reloads).
    async act(id, call, done, stays) {
      if (this.data.busyId) return
      this.setData({ busyId: id })
      try {
        const report = await call()
        this.setData({ busyId: null })
        ui.toast(done)
        if (!stays) return this.reload()
        const index = this.data.items.findIndex((r) => r.id === id)
        if (index >= 0) this.setData({ ['items[' + index + ']']: this.decorate(report) })
      } catch (err) {
        this.setData({ busyId: null })
        ui.showError(err)
        if (err.status === 409) return this.reload()
      }
    },
    onApprove(e) {
      const id = e.currentTarget.dataset.id
      const publish = this.data.publishOnApprove
      return this.act(id, () => api.reports.approve({ report_id: id }, { publish }), publish ? '已通过并发布' : '已通过', false)
    },
    async onReject(e) {
      const id = e.currentTarget.dataset.id
      const reason = await ui.askReason('不通过的原因', '上报人会看到这个原因')
      if (!reason) return
      return this.act(id, () => api.reports.reject({ report_id: id }, { reason }), '已处理', false)
    },
    onPublish(e) {
      const id = e.currentTarget.dataset.id
      return this.act(id, () => api.reports.publish({ report_id: id }), '已发布', true)
    },
    async onUnpublish(e) {
      const id = e.currentTarget.dataset.id
      if (!(await ui.confirm('撤下上报', '撤下后将不在“志愿者上报”栏目显示'))) return
      return this.act(id, () => api.reports.unpublish({ report_id: id }), '已撤下', true)
    },
  },
})
