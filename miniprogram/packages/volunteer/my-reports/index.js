// 我的上报: newest first with the review status and the reason of a rejection; before_id paging.
const api = require('../../../api/index')
const paging = require('../../../utils/paging')
const format = require('../../../utils/format')
const labels = require('../report-help-labels')

Component({
  behaviors: [paging.listBehavior],
  methods: {
    onLoad() {
      this.source = paging.beforeId(api.reports.mine, {})
      return this.reload()
    },
    decorate(item) {
      return Object.assign({}, item, labels.reportStatus(item), {
        createdText: format.dateTime(item.created_at),
      })
    },
    onOpen(e) {
      wx.navigateTo({ url: '/packages/volunteer/report/index?id=' + e.currentTarget.dataset.id })
    },
    onNew() {
      wx.navigateTo({ url: '/packages/volunteer/report-new/index' })
    },
  },
})
