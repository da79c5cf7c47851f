// 安排给我的求助: the requests a community assigned to me as a volunteer, newest first (before_id).
// The requester's contact is only on the detail page.
const api = require('../../../api/index')
const paging = require('../../../utils/paging')
const format = require('../../../utils/format')
const labels = require('../report-help-labels')

Component({
  behaviors: [paging.listBehavior],
  methods: {
    onLoad() {
      this.source = paging.beforeId(api.helpRequests.assigned, {})
      return this.reload()
    },
    decorate(item) {
      const r = item.request || {}
      return Object.assign({}, item, labels.helpStatus(r), {
        id: item.assignment_id, // wx:key
        requestId: r.id,
        title: r.title,
        communityName: (r.community && r.community.name) || '',
        place: r.place,
        wantedText: format.dateTime(r.wanted_at),
        assignedText: format.dateTime(item.assigned_at),
        reportedText: format.dateTime(item.reported_at),
        needsResult: r.status === 'assigned' && !item.result,
      })
    },
    onOpen(e) {
      wx.navigateTo({ url: '/packages/volunteer/help/index?id=' + e.currentTarget.dataset.id })
    },
  },
})
