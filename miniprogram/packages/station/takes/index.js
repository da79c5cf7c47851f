// 接单人/接单服务商审核: everyone who took an order (volunteers in person, or volunteer organisations as
// providers), with masked phones and the review state; 通过 / 不通过 for those still pending. A 409 (the
// order filled up, the take changed meanwhile, a time clash) shows the server's word and reloads.
const api = require('../../../api/index')
const format = require('../../../utils/format')
const ui = require('../../../utils/ui')
const labels = require('../labels')

const FILTERS = [
  { value: '', label: '全部' },
  { value: 'pending', label: '待审核' },
  { value: 'approved', label: '审核通过' },
  { value: 'rejected', label: '审核不通过' },
]

Component({
  data: { orderId: null, status: '', filters: FILTERS, loading: true, error: '', takers: [], busy: 0 },
  methods: {
    onLoad(query) {
      this.setData({ orderId: query && query.order_id, status: (query && query.status) || '' })
      return this.load()
    },
    onPullDownRefresh() {
      return this.load().then(() => wx.stopPullDownRefresh())
    },
    async load() {
      this.setData({ loading: !this.data.takers.length, error: '' })
      try {
        const rows = await api.takes.list({ order_id: this.data.orderId, status: this.data.status || null })
        this.setData({ loading: false, takers: (rows || []).map((t) => this.decorate(t)) })
      } catch (err) {
        this.setData({ loading: false, error: err.message || '加载失败' })
      }
    },
    decorate(t) {
      const actions = t.actions || []
      return Object.assign({}, t, {
        kind: labels.TAKER_TYPE[t.taker_type] || '接单人',
        statusLabel: labels.TAKE_STATUS[t.status] || t.status,
        statusTag: labels.TAKE_TAG[t.status] || 'default',
        taken: format.dateTime(t.created_at),
        reviewed: format.dateTime(t.reviewed_at),
        canApprove: actions.includes('approve'),
        canReject: actions.includes('reject'),
      })
    },
    onFilter(e) {
      this.setData({ status: e.currentTarget.dataset.value, takers: [] })
      return this.load()
    },
    onApprove(e) {
      return this.review(Number(e.currentTarget.dataset.id), 'approve')
    },
    onReject(e) {
      return this.review(Number(e.currentTarget.dataset.id), 'reject')
    },
    async review(takeId, action) {
      if (this.data.busy) return
      let body
      if (action === 'reject') {
        const reason = await ui.askReason('接单审核不通过', '请填写不通过的原因（接单人可见）')
        if (!reason) return
        body = { reason }
      }
      this.setData({ busy: takeId })
      try {
        await api.takes[action]({ take_id: takeId }, body)
        ui.toast(action === 'approve' ? '已通过' : '已驳回')
      } catch (err) {
        ui.showError(err)
      }
      this.setData({ busy: 0 })
      // Success or conflict, the list (and the places left) may have changed: show the current state.
      await this.load()
    },
  },
})
