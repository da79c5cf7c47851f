// One report: published ones for anyone; unpublished ones only reach their author and the community's
// staff (the server refuses others), so the review status and reason are shown whenever it is unpublished.
const api = require('../../../api/index')
const format = require('../../../utils/format')
const labels = require('../report-help-labels')

Component({
  data: { id: null, report: null, loading: true, error: '' },
  methods: {
    onLoad(query) {
      this.setData({ id: Number((query || {}).id) || null })
      return this.load()
    },
    async load() {
      if (!this.data.id) return this.setData({ loading: false, error: '上报内容不存在或已被删除' })
      this.setData({ loading: true, error: '' })
      try {
        const r = await api.reports.get({ report_id: this.data.id })
        const report = Object.assign({}, r, labels.reportStatus(r), {
          communityName: (r.community && r.community.name) || '',
          timeText: format.dateTime(r.published_at || r.created_at),
          photoUrls: (r.photos || []).map((p) => p.url),
        })
        this.setData({ report, loading: false })
      } catch (err) {
        this.setData({ loading: false, error: err.message || '加载失败' })
      }
    },
    onRetry() {
      return this.load()
    },
    onPreview(e) {
      const urls = this.data.report.photoUrls
      wx.previewImage({ urls, current: urls[e.currentTarget.dataset.index] })
    },
  },
})
