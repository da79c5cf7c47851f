// 求助管理: help requests sent to my community (newest first, before_id paging) by status; phones come
// masked. Tapping one opens it for assigning, declining or closing.
const api = require('../../../api/index')
const paging = require('../../../utils/paging')
const format = require('../../../utils/format')
const labels = require('../labels')
const scopedList = require('../scoped-list')

Component({
  behaviors: [paging.listBehavior, scopedList],
  data: {
    tabs: labels.HELP_TABS,
    status: 'pending',
  },
  methods: {
    onLoad() {
      this.source = paging.beforeId(api.helpRequests.queue, () => this.filters())
      return this.loadScope()
    },
    decorate(item) {
      return Object.assign({}, item, {
        wantedText: format.dateTime(item.wanted_at),
        createdText: format.dateTime(item.created_at),
        volunteerNames: (item.assignments || []).map((a) => a.name).join('、'),
      })
    },
    onOpen(e) {
      wx.navigateTo({ url: '/packages/community/help-request/index?id=' + e.currentTarget.dataset.id })
    },
  },
})
