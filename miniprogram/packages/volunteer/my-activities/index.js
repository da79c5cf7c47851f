// 我的活动: the activities I signed up for, 进行中 (recruiting, not ended) or 已结束, with the
// attendance the publisher confirmed.
const api = require('../../../api/index')
const format = require('../../../utils/format')
const paging = require('../../../utils/paging')

const TABS = ['ongoing', 'ended']

Component({
  behaviors: [paging.listBehavior],
  data: { active: 0 },
  methods: {
    onLoad() {
      this.source = paging.beforeId(api.activities.mine, () => ({ tab: TABS[this.data.active] }))
      return this.reload()
    },
    decorate(item) {
      const a = item.attendance || {}
      const credited = a.state === 'attended' && a.hours != null ? '时长 ' + a.hours + ' 小时，积分 ' + (a.points || 0) : ''
      return Object.assign({}, item, { span: format.span(item.activity.starts_at, item.activity.ends_at), credited })
    },
    onTab(e) {
      this.setData({ active: e.detail.index })
      return this.reload()
    },
    onOpen(e) {
      wx.navigateTo({ url: '/packages/volunteer/activity/index?id=' + e.currentTarget.dataset.id })
    },
  },
})
