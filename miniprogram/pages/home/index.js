// 首页: the time-bank tile (已接单 N 次，已募集 M 积分), the newest open orders and activities, and the
// entries to the volunteer features. Each block loads on its own so one failure leaves the rest usable.
const api = require('../../api/index')
const format = require('../../utils/format')

const ENTRIES = [
  { key: 'feed', text: '接单大厅', icon: 'orders-o', url: '/pages/feed/index', tab: true },
  { key: 'activities', text: '志愿活动', icon: 'flag-o', url: '/pages/activities/index', tab: true },
  { key: 'needs', text: '需求信息', icon: 'todo-list-o', url: '/packages/volunteer/needs/index' },
  { key: 'reports', text: '志愿者上报', icon: 'edit', url: '/packages/volunteer/reports/index' },
  { key: 'help', text: '我要求助', icon: 'phone-circle-o', url: '/packages/volunteer/help-new/index' },
  { key: 'join', text: '加入社区', icon: 'friends-o', url: '/packages/volunteer/join/index' },
]

// One block = one request with its own loading flag and error message.
const BLOCKS = {
  summary: () => api.orders.summary(),
  orders: () => api.orders.feed({ limit: 5 }).then((res) => (res.items || []).map((o) => Object.assign({}, o, {
    when: format.span(o.starts_at, o.ends_at),
  }))),
  // 志愿之星 of the city's latest quarter; a city with no stars yet (404) simply shows none.
  stars: () => api.showcase.stars().then(
    (res) => (res.team || res.volunteer ? res : null),
    (err) => (err && err.status === 404 ? null : Promise.reject(err)),
  ),
  activities: () => api.activities.list({ limit: 5 }).then((res) => (res.items || []).map((a) => Object.assign({}, a, {
    when: format.span(a.starts_at, a.ends_at),
  }))),
}

Component({
  data: {
    entries: ENTRIES,
    summary: null,
    summaryLoading: false,
    summaryError: '',
    orders: [],
    ordersLoading: false,
    ordersError: '',
    stars: null,
    starsLoading: false,
    starsError: '',
    activities: [],
    activitiesLoading: false,
    activitiesError: '',
  },
  methods: {
    onLoad() {
      return this.loadAll()
    },
    onPullDownRefresh() {
      return this.loadAll().then(() => wx.stopPullDownRefresh())
    },
    loadAll() {
      return Promise.all(Object.keys(BLOCKS).map((name) => this.loadBlock(name)))
    },
    loadBlock(name) {
      this.setData({ [name + 'Loading']: true, [name + 'Error']: '' })
      return BLOCKS[name]().then(
        (value) => this.setData({ [name]: value, [name + 'Loading']: false }),
        (err) => this.setData({ [name + 'Loading']: false, [name + 'Error']: (err && err.message) || '加载失败' }),
      )
    },
    onRetry(e) {
      return this.loadBlock(e.currentTarget.dataset.block)
    },
    onEntry(e) {
      const entry = ENTRIES.find((x) => x.key === e.currentTarget.dataset.key)
      if (!entry) return
      if (entry.tab) wx.switchTab({ url: entry.url })
      else wx.navigateTo({ url: entry.url })
    },
    onOrder(e) {
      wx.navigateTo({ url: '/packages/volunteer/order/index?id=' + e.currentTarget.dataset.id })
    },
    onActivity(e) {
      wx.navigateTo({ url: '/packages/volunteer/activity/index?id=' + e.currentTarget.dataset.id })
    },
    onMoreOrders() {
      wx.switchTab({ url: '/pages/feed/index' })
    },
    onMoreActivities() {
      wx.switchTab({ url: '/pages/activities/index' })
    },
  },
})
