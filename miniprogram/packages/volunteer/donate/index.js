// 我要捐分: give some of my points to an order. The request_id is made once per visit, so a retry after
// a lost answer repeats the same donation instead of making a second one (the server replays it).
const api = require('../../../api/index')
const ui = require('../../../utils/ui')

// RFC 4122 version 4; the mini-program has no crypto.randomUUID.
function uuid4() {
  const hex = []
  for (let i = 0; i < 32; i += 1) hex.push(Math.floor(Math.random() * 16))
  hex[12] = 4
  hex[16] = (hex[16] & 0x3) | 0x8 // eslint-disable-line no-bitwise
  const s = hex.map((n) => n.toString(16)).join('')
  return s.slice(0, 8) + '-' + s.slice(8, 12) + '-' + s.slice(12, 16) + '-' + s.slice(16, 20) + '-' + s.slice(20)
}

Component({
  data: {
    order: null,
    balance: 0,
    points: 1,
    loading: true,
    error: '',
    busy: false,
    message: '',
  },
  methods: {
    onLoad(query) {
      this.orderId = Number((query || {}).order_id)
      this.requestId = uuid4()
      return this.load()
    },
    load() {
      this.setData({ loading: true, error: '' })
      return Promise.all([api.orders.get({ order_id: this.orderId }), api.points.balance()]).then(
        ([order, res]) => this.setData({
          loading: false, order, balance: res.balance, points: Math.min(Math.max(this.data.points, 1), Math.max(res.balance, 1)),
        }),
        (err) => this.setData({ loading: false, error: (err && err.message) || '加载失败' }),
      )
    },
    onRetry() {
      return this.load()
    },
    onPoints(e) {
      this.setData({ points: Number(e.detail), message: '' })
    },
    async onDonate() {
      const { points, balance, busy } = this.data
      if (busy) return
      if (!(points >= 1 && points <= balance)) {
        this.setData({ message: '积分余额不足' })
        return
      }
      this.setData({ busy: true, message: '' })
      try {
        const res = await api.points.donate({ order_id: this.orderId }, { points, request_id: this.requestId })
        this.setData({ busy: false, balance: res.balance })
        ui.toast('捐赠成功')
        wx.navigateBack()
      } catch (err) {
        this.setData({ busy: false, message: ui.showError(err) })
        // the balance may be lower than shown (spent elsewhere): show the real one
        if (err && err.status === 409) {
          api.points.balance().then((res) => this.setData({ balance: res.balance }), () => {})
        }
      }
    },
  },
})
