// “志愿者上报”栏目: published reports, newest first (authors masked by the server), cursor paging.
const api = require('../../../api/index')
const paging = require('../../../utils/paging')
const format = require('../../../utils/format')

Component({
  behaviors: [paging.listBehavior],
  methods: {
    onLoad() {
      this.source = paging.cursor(api.reports.list, {})
      return this.reload()
    },
    decorate(item) {
      const photos = item.photos || []
      return Object.assign({}, item, {
        thumb: photos.length ? photos[0].url : '',
        publishedText: format.dateTime(item.published_at),
        communityName: (item.community && item.community.name) || '',
      })
    },
    onOpen(e) {
      wx.navigateTo({ url: '/packages/volunteer/report/index?id=' + e.currentTarget.dataset.id })
    },
    onNew() {
      wx.navigateTo({ url: '/packages/volunteer/report-new/index' })
    },
    onMine() {
      wx.navigateTo({ url: '/packages/volunteer/my-reports/index' })
    },
  },
})
