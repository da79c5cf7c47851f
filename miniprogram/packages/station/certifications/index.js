// 订单时数认证列表: the station sees its street's filings, the association the whole city; filters by
// status (tabs), order number (prefix) and street. Tapping one opens it.
const api = require('../../../api/index')
const paging = require('../../../utils/paging')
const labels = require('../review-labels')

const ALL = { code: '', name: '全部街道' }
const STATUSES = labels.CERT_TABS.map((t) => t.name)

Component({
  behaviors: [paging.listBehavior],
  data: { tabs: labels.CERT_TABS, status: '', number: '', numberError: '', streets: [ALL], streetIndex: 0, lookupError: '' },
  methods: {
    onLoad(query) {
      const q = query || {}
      this.setData({ status: STATUSES.indexOf(q.status) >= 0 ? q.status : '', number: /^\d{1,20}$/.test(q.number || '') ? q.number : '' })
      this.source = paging.pageNumber(api.certifications.list, () => this.filters())
      this.loadStreets()
      return this.reload()
    },
    filters() {
      return { status: this.data.status, number: this.data.number, street_code: this.data.streets[this.data.streetIndex].code }
    },
    decorate(item) {
      return labels.decorateCertification(item)
    },
    async loadStreets() {
      try {
        const streets = await api.regions.list({ level: 'street' })
        this.setData({ streets: [ALL].concat((streets || []).map((r) => ({ code: r.code, name: r.name }))), lookupError: '' })
      } catch (err) {
        this.setData({ lookupError: '街道列表加载失败：' + (err.message || '') })
      }
    },
    onTab(e) {
      this.setData({ status: e.currentTarget.dataset.name })
      return this.reload()
    },
    // The server matches order numbers by prefix and takes digits only.
    onSearch(e) {
      const number = String(typeof e.detail === 'string' ? e.detail : '').trim()
      if (number && !/^\d{1,20}$/.test(number)) return this.setData({ numberError: '订单号只含数字' })
      this.setData({ number, numberError: '' })
      return this.reload()
    },
    onStreet(e) {
      this.setData({ streetIndex: Number(e.detail.value) })
      return this.reload()
    },
    onOpen(e) {
      wx.navigateTo({ url: '/packages/station/certification/index?id=' + e.currentTarget.dataset.id })
    },
  },
})
