// 时数认证审核 for the city association: filings waiting for review (status pending), searchable by order
// number; each opens the certification page, where 审核通过 / 审核不通过 are.
const api = require('../../../api/index')
const paging = require('../../../utils/paging')
const labels = require('../../station/review-labels')

Component({
  behaviors: [paging.listBehavior, paging.reloadOnReturn],
  data: { number: '', numberError: '' },
  methods: {
    onLoad() {
      this.source = paging.pageNumber(api.certifications.list, () => ({ status: 'pending', number: this.data.number }))
      return this.reload()
    },
    decorate(item) {
      return labels.decorateCertification(item)
    },
    onSearch(e) {
      const number = String(typeof e.detail === 'string' ? e.detail : '').trim()
      if (number && !/^\d{1,20}$/.test(number)) return this.setData({ numberError: '订单号只含数字' })
      this.setData({ number, numberError: '' })
      return this.reload()
    },
    onOpen(e) {
      wx.navigateTo({ url: '/packages/station/certification/index?id=' + e.currentTarget.dataset.id })
    },
  },
})
