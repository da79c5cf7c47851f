// 订单终审 for the city association: orders the stations passed (初审已通过, tab first_approved) waiting for
// the association's final review, searchable by title. The review itself happens on the order page.
const api = require('../../../api/index')
const paging = require('../../../utils/paging')
const labels = require('../../station/review-labels')

Component({
  behaviors: [paging.listBehavior, paging.reloadOnReturn],
  data: { title: '' },
  methods: {
    onLoad() {
      this.source = paging.pageNumber(api.orders.list, () => ({ tab: 'first_approved', title: this.data.title.trim() }))
      return this.reload()
    },
    decorate(item) {
      return labels.decorateOrder(item)
    },
    onSearch(e) {
      this.setData({ title: typeof e.detail === 'string' ? e.detail : '' })
      return this.reload()
    },
    onOpen(e) {
      wx.navigateTo({ url: '/packages/station/order/index?id=' + e.currentTarget.dataset.id })
    },
  },
})
