// 我的申请 (a volunteer-service organisation): its claims with the league's decision and the reason
// of a return. GET /claims/mine answers all at once, filtered by status.
const api = require('../../../api/index')
const format = require('../../../utils/format')
const { listBehavior } = require('../../../utils/paging')
const { CLAIM_STATUS, TAG_TYPE } = require('../common')

Component({
  behaviors: [listBehavior],
  data: {
    status: '',
    statusOptions: [{ text: '全部', value: '' }].concat(Object.keys(CLAIM_STATUS).map((k) => ({ text: CLAIM_STATUS[k], value: k }))),
  },
  methods: {
    onLoad() {
      this.source = () => api.claims.mine({ status: this.data.status || null }).then((res) => ({ items: res.items || [], next: null }))
      return this.reload()
    },
    decorate(item) {
      return Object.assign({}, item, {
        statusText: CLAIM_STATUS[item.status] || item.status_label,
        tagType: TAG_TYPE[item.status] || 'default',
        createdText: format.dateTime(item.created_at),
        decidedText: format.dateTime(item.decided_at),
      })
    },
    onStatus(e) {
      this.setData({ status: e.detail })
      return this.reload()
    },
    onOpen(e) {
      wx.navigateTo({ url: '/packages/org/need/index?id=' + e.currentTarget.dataset.id })
    },
  },
})
