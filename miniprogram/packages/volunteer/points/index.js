// 我的积分: the balance and every entry (earned by service, attendance, ratings; given by donations),
// newest first, paged by before_id over a bare array.
const api = require('../../../api/index')
const format = require('../../../utils/format')
const paging = require('../../../utils/paging')

const CAUSES = {
  certification: '时数认证',
  attendance: '活动出勤',
  help_request: '求助服务',
  rating: '评分奖励',
  donation: '捐分',
  adjustment: '人工调整',
}

Component({
  behaviors: [paging.listBehavior],
  data: { balance: null, balanceError: '' },
  methods: {
    onLoad() {
      this.source = paging.beforeIdArray(api.points.entries, {})
      return Promise.all([this.loadBalance(), this.reload()])
    },
    onPullDownRefresh() {
      return Promise.all([this.loadBalance(), this.reload()]).then(() => wx.stopPullDownRefresh())
    },
    loadBalance() {
      return api.points.balance().then(
        (res) => this.setData({ balance: res.balance, balanceError: '' }),
        (err) => this.setData({ balanceError: (err && err.message) || '加载失败' }),
      )
    },
    decorate(e) {
      return Object.assign({}, e, {
        causeText: CAUSES[e.cause] || e.cause,
        signed: (e.amount > 0 ? '+' : '') + e.amount,
        positive: e.amount > 0,
        at: format.dateTime(e.created_at),
      })
    },
  },
})
