// The organisation workspace (团组织 / 志愿服务组织), reached from WeChat's city-services menu after an
// organisation sign-in: to-dos, the platform's figures, the organisation's points and its entries.
const api = require('../../../api/index')
const format = require('../../../utils/format')
const { currentOrg } = require('../common')

const ENTRIES = {
  league: [
    { id: 'publish', text: '发布需求', icon: 'add-o', url: '/packages/org/need-form/index' },
    { id: 'mine', text: '我的发布', icon: 'orders-o', url: '/packages/org/needs/index?mine=1' },
    { id: 'initial', text: '初始需求', icon: 'bulb-o', url: '/packages/org/initial-needs/index' },
  ],
  volunteer_org: [
    { id: 'hall', text: '需求大厅', icon: 'apps-o', url: '/packages/org/needs/index' },
    { id: 'claims', text: '我的申请', icon: 'todo-list-o', url: '/packages/org/claims/index' },
    { id: 'profile', text: '组织信息', icon: 'info-o', url: '/packages/org/profile/index' },
  ],
}
const PROFILE_URL = '/packages/org/profile/index'
const POINTS_ENTRY = { id: 'points', text: '积分明细', icon: 'gold-coin-o', url: '/packages/org/points/index' }

Component({
  data: {
    loading: true,
    error: '',
    noOrg: false,
    org: null,
    kindLabel: '',
    entries: [],
    lists: [],
    figures: null,
    balance: null,
    profileMissing: [],
  },
  methods: {
    onLoad() {
      return this.load(true)
    },
    onPullDownRefresh() {
      return this.load(false).then(() => wx.stopPullDownRefresh())
    },
    onRetry() {
      return this.load(true)
    },
    async load(force) {
      this.setData({ loading: true, error: '' })
      try {
        const org = await currentOrg(force)
        if (!org) return this.setData({ loading: false, noOrg: true })
        const kind = org.kind
        this.setData({
          org,
          kindLabel: kind === 'league' ? '团组织' : '志愿服务组织',
          entries: ENTRIES[kind].concat([POINTS_ENTRY]),
        })
        const scope = { organisation_id: org.id }
        const [todos, balance, figures] = await Promise.all([
          api.orgs.todos(Object.assign({ limit: 3 }, scope)),
          api.orgs.points(scope),
          // No snapshot yet (a new platform) answers 200 with null figures: they are simply left out.
          api.needs.figures().catch(() => null),
        ])
        this.setData({
          loading: false,
          lists: (todos.lists || []).map((l) => Object.assign({}, l, {
            items: (l.items || []).map((i) => Object.assign({}, i, { sinceText: format.dateTime(i.since) })),
          })),
          balance: balance.balance,
          figures: figures && figures.needs_published !== null && figures.needs_published !== undefined
            ? Object.assign({}, figures, { dayText: format.date(figures.day) }) : null,
          profileMissing: todos.profile_incomplete ? (todos.profile_missing || []) : [],
        })
        // 首次进入需完善组织资料: on entry, an organisation whose profile is incomplete goes to the form.
        if (force && todos.profile_incomplete) wx.navigateTo({ url: PROFILE_URL })
      } catch (err) {
        this.setData({ loading: false, error: err.message || '加载失败' })
      }
    },
    onEntry(e) {
      wx.navigateTo({ url: e.currentTarget.dataset.url })
    },
    onTodo(e) {
      wx.navigateTo({ url: '/packages/org/need/index?id=' + e.currentTarget.dataset.id })
    },
    onProfile() {
      wx.navigateTo({ url: PROFILE_URL })
    },
    onLogin() {
      wx.reLaunch({ url: '/pages/login/index?entry=cityservice' })
    },
  },
})
