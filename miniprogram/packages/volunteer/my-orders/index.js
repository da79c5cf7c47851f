// 我的订单: the orders I took, newest first, with the take's status; a tap opens the order.
const api = require('../../../api/index')
const format = require('../../../utils/format')
const paging = require('../../../utils/paging')
const { TAKE_STATUS, TAKE_TAG } = require('../take-labels')

const TABS = [
  { name: '', title: '全部' },
  { name: 'pending', title: '待审核' },
  { name: 'approved', title: '审核通过' },
  { name: 'rejected', title: '审核不通过' },
  { name: 'withdrawn', title: '已撤回' },
]

Component({
  behaviors: [paging.listBehavior],
  data: { tabs: TABS, status: '' },
  methods: {
    onLoad() {
      this.source = paging.beforeId(api.takes.mine, () => (this.data.status ? { status: this.data.status } : {}))
      return this.reload()
    },
    decorate(t) {
      return Object.assign({}, t, {
        label: TAKE_STATUS[t.status] || t.status,
        tag: TAKE_TAG[t.status] || 'default',
        when: format.span(t.order.starts_at, t.order.ends_at),
      })
    },
    onTab(e) {
      const name = e.currentTarget.dataset.name
      if (name === this.data.status) return null
      this.setData({ status: name })
      return this.reload()
    },
    onOpen(e) {
      wx.navigateTo({ url: '/packages/volunteer/order/index?id=' + e.currentTarget.dataset.id })
    },
  },
})
