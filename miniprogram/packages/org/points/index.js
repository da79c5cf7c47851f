// The organisation's points: the balance and the ledger entries (newest first; a bare array paged
// with before_id). Points come from the scores other organisations give.
const api = require('../../../api/index')
const format = require('../../../utils/format')
const { listBehavior, beforeIdArray } = require('../../../utils/paging')
const { POINT_CAUSE, currentOrg } = require('../common')

Component({
  behaviors: [listBehavior],
  data: { org: null, balance: null, balanceError: '', noOrg: false },
  methods: {
    async onLoad() {
      try {
        const org = await currentOrg()
        if (!org) return this.setData({ noOrg: true })
        this.setData({ org })
      } catch (err) {
        return this.setData({ listError: err.message || '加载失败' })
      }
      this.source = beforeIdArray(api.orgs.pointEntries, () => ({ organisation_id: this.data.org.id }))
      return Promise.all([this.loadBalance(), this.reload()])
    },
    loadBalance() {
      this.setData({ balanceError: '' })
      return api.orgs.points({ organisation_id: this.data.org.id }).then(
        (res) => this.setData({ balance: res.balance }),
        (err) => this.setData({ balanceError: err.message || '加载失败' }),
      )
    },
    onPullDownRefresh() {
      if (!this.source) return Promise.resolve(wx.stopPullDownRefresh())
      return Promise.all([this.loadBalance(), this.reload()]).then(() => wx.stopPullDownRefresh())
    },
    onListRetry() {
      if (!this.source) return this.onLoad()
      if (this.data.balanceError) this.loadBalance()
      return this.data.listLoaded ? this.loadMore() : this.reload()
    },
    decorate(item) {
      return Object.assign({}, item, {
        causeText: POINT_CAUSE[item.cause] || item.cause,
        amountText: item.amount > 0 ? '+' + item.amount : String(item.amount),
        atText: format.dateTime(item.created_at),
      })
    },
  },
})
