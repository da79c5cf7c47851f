// 我的: who I am, phone binding, points balance and service totals, my records, and the workspaces my
// memberships open.
const api = require('../../api/index')
const auth = require('../../utils/auth')
const roles = require('../../utils/roles')
const { bindPhone } = require('./phone')

const CELLS = [
  { key: 'orders', title: '我的订单', icon: 'orders-o', url: '/packages/volunteer/my-orders/index' },
  { key: 'points', title: '我的积分', icon: 'gold-coin-o', url: '/packages/volunteer/points/index' },
  { key: 'activities', title: '我的活动', icon: 'flag-o', url: '/packages/volunteer/my-activities/index' },
  { key: 'favourites', title: '我的收藏', icon: 'star-o', url: '/packages/volunteer/favourites/index' },
  { key: 'reports', title: '我的上报', icon: 'edit', url: '/packages/volunteer/my-reports/index' },
  { key: 'help', title: '我的求助', icon: 'phone-circle-o', url: '/packages/volunteer/help-mine/index' },
  { key: 'assigned', title: '安排给我的求助', icon: 'manager-o', url: '/packages/volunteer/help-assigned/index' },
  { key: 'join', title: '加入社区', icon: 'friends-o', url: '/packages/volunteer/join/index' },
  { key: 'initial', title: '我的初始需求', icon: 'todo-list-o', url: '/packages/volunteer/my-initial/index' },
  { key: 'profile', title: '个人资料', icon: 'contact', url: '/packages/volunteer/profile/index' },
]

function workspacesOf(me) {
  const out = []
  if (roles.activeMemberships(me).length) out.push({ key: 'work', title: '工作台', url: '/pages/work/index' })
  if (roles.has(me, 'league') || roles.has(me, 'volunteer_org')) {
    out.push({ key: 'org', title: '组织工作台', url: '/packages/org/workspace/index' })
  }
  if (roles.has(me, 'community')) out.push({ key: 'community', title: '社区管理', url: '/packages/community/applications/index' })
  return out
}

Component({
  data: {
    me: null,
    loading: false,
    error: '',
    balance: null,
    services: null,
    hours: null,
    balanceError: '',
    cells: CELLS,
    workspaces: [],
    busy: false,
  },
  methods: {
    // A tab page: come back to fresh numbers every time it is shown.
    onShow() {
      return this.load()
    },
    onPullDownRefresh() {
      return this.load().then(() => wx.stopPullDownRefresh())
    },
    load() {
      this.setData({ loading: !this.data.me, error: '' })
      const who = auth.currentUser(true).then(
        (me) => this.setData({ me, workspaces: workspacesOf(me), loading: false }),
        (err) => this.setData({ loading: false, error: (err && err.message) || '加载失败' }),
      )
      // My totals from the ledger: the balance and what I have served, across every module.
      const points = api.community.myTotals().then(
        (res) => this.setData({ balance: res.balance, services: res.services, hours: res.hours, balanceError: '' }),
        (err) => this.setData({ balanceError: (err && err.message) || '加载失败' }),
      )
      return Promise.all([who, points])
    },
    onRetry() {
      return this.load()
    },
    onPhone(e) {
      return bindPhone(e).then((phone) => {
        if (phone) this.setData({ 'me.phone': phone, 'me.has_phone': true })
      })
    },
    onCell(e) {
      wx.navigateTo({ url: e.currentTarget.dataset.url })
    },
    onOrgLogin() {
      wx.navigateTo({ url: '/pages/login/index' })
    },
    async onLogout() {
      if (this.data.busy) return
      this.setData({ busy: true })
      await auth.logout()
      this.setData({ busy: false })
      wx.reLaunch({ url: '/pages/home/index' })
    },
  },
})
