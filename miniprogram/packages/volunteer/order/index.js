// 订单详情 for volunteers: what the order asks, where and when, places left, points donated to it, and
// my take of it (`my_take`: mine or my organisation's, the live one first). 立即接单 (as myself, or for a
// volunteer organisation I belong to), 撤回接单, 捐积分.
const api = require('../../../api/index')
const auth = require('../../../utils/auth')
const format = require('../../../utils/format')
const roles = require('../../../utils/roles')
const subscribe = require('../../../utils/subscribe')
const ui = require('../../../utils/ui')
const { TAKE_TAG } = require('../take-labels')

const ACTIVE = ['pending', 'approved']
const DONATABLE = ['open', 'in_progress', 'to_evaluate', 'completed']

Component({
  data: {
    order: null,
    take: null,
    loading: true,
    error: '',
    busy: false,
    canTake: false,
    canDonate: false,
  },
  methods: {
    onLoad(query) {
      this.orderId = Number((query || {}).id)
      subscribe.preload()
      return this.load()
    },
    onPullDownRefresh() {
      return this.load().then(() => wx.stopPullDownRefresh())
    },
    load() {
      this.setData({ loading: !this.data.order, error: '' })
      return api.orders.get({ order_id: this.orderId }).then(
        (order) => this.show(order),
        (err) => this.setData({ loading: false, error: (err && err.message) || '加载失败' }),
      )
    },
    show(order) {
      const take = order.my_take
      const active = take && ACTIVE.includes(take.status)
      this.setData({
        loading: false,
        order: Object.assign({}, order, {
          when: format.span(order.starts_at, order.ends_at),
          deadline: format.dateTime(order.take_deadline),
          hasLocation: typeof order.latitude === 'number' && typeof order.longitude === 'number',
        }),
        take: take ? Object.assign({}, take, { label: take.status_label, tag: TAKE_TAG[take.status] || 'default' }) : null,
        canTake: order.status === 'open' && order.places_left > 0 && !active,
        canDonate: DONATABLE.includes(order.status),
        // Staff reach this page from notifications that go to takers and staff alike; the server lists
        // actions only for those who may act, so that is who gets the way to the staff page.
        canManage: Boolean(order.actions && order.actions.length),
      })
    },
    onManage() {
      wx.navigateTo({ url: '/packages/station/order/index?id=' + this.orderId })
    },
    onLocation() {
      const o = this.data.order
      wx.openLocation({ latitude: o.latitude, longitude: o.longitude, name: o.title, address: o.address })
    },
    // For someone in a volunteer organisation: take as myself or as the organisation (接单服务商).
    chooseTaker() {
      return auth.currentUser().then((me) => {
        const orgs = roles.organisationsOf(me, 'volunteer_org')
        if (!orgs.length) return {}
        return new Promise((resolve) => {
          wx.showActionSheet({
            itemList: ['以个人身份接单'].concat(orgs.map((o) => '以“' + o.name + '”接单')),
            success: (res) => resolve(res.tapIndex === 0 ? {} : { as_organisation_id: orgs[res.tapIndex - 1].id }),
            fail: () => resolve(null),
          })
        })
      })
    },
    onTake() {
      subscribe.ask(['review_result', 'service_reminder']) // first, while still inside the tap
      if (this.data.busy) return Promise.resolve()
      this.setData({ busy: true })
      return this.chooseTaker()
        .then((body) => {
          if (!body) return null
          return api.takes.take({ order_id: this.orderId }, body).then(() => {
            ui.toast('接单成功，等待审核')
            return this.load()
          })
        })
        .catch((err) => {
          ui.showError(err)
          // full / closed / overlapping: the places and state may have moved on
          if (err && err.status === 409) return this.load()
          return null
        })
        .then(() => this.setData({ busy: false }))
    },
    async onWithdraw() {
      if (this.data.busy || !this.data.take) return
      const ok = await ui.confirm('撤回接单', '确定撤回这次接单吗？')
      if (!ok) return
      this.setData({ busy: true })
      try {
        await api.takes.withdraw({ take_id: this.data.take.id })
        ui.toast('已撤回')
        await this.load()
      } catch (err) {
        ui.showError(err)
        if (err && err.status === 409) await this.load()
      }
      this.setData({ busy: false })
    },
    onDonate() {
      wx.navigateTo({ url: '/packages/volunteer/donate/index?order_id=' + this.orderId })
    },
    onRetry() {
      return this.load()
    },
  },
})
