// 工作台: the review queues the signed-in staff member works on (only theirs, with counts), each opening
// the list where those rows wait, and quick links for what their organisation kinds do most.
const api = require('../../api/index')
const auth = require('../../utils/auth')
const roles = require('../../utils/roles')

// Workbench queue key → the page where its rows wait (keys from the WorkbenchQueue schema).
const QUEUE_PAGES = {
  beneficiaries_pending: '/packages/station/beneficiaries/index?status=pending',
  orders_first_review: '/packages/station/orders/index?tab=pending',
  orders_final_review: '/packages/association/orders/index?tab=first_approved',
  takes_pending: '/packages/station/orders/index?has_pending_takes=1',
  orders_to_certify: '/packages/station/certifications/index',
  certifications_pending: '/packages/association/certifications/index',
}

const LINKS = {
  station: [
    { id: 'beneficiary-new', label: '录入服务对象', icon: 'add-o', url: '/packages/station/beneficiary-form/index' },
    { id: 'order-new', label: '我要发单', icon: 'edit', url: '/packages/station/order-form/index' },
    { id: 'beneficiaries', label: '服务对象库', icon: 'friends-o', url: '/packages/station/beneficiaries/index' },
    { id: 'orders', label: 'V订单管理', icon: 'orders-o', url: '/packages/station/orders/index' },
  ],
  association: [
    { id: 'final-review', label: 'V订单终审', icon: 'passed', url: '/packages/association/orders/index' },
    { id: 'cert-review', label: '时数认证审核', icon: 'certificate', url: '/packages/association/certifications/index' },
  ],
}

Component({
  data: {
    loading: true,
    error: '',
    queues: [],
    links: [],
    waiting: 0,
  },
  methods: {
    onShow() {
      // Counts change while staff work through a queue: refresh each time the page comes back.
      return this.load()
    },
    onPullDownRefresh() {
      return this.load().then(() => wx.stopPullDownRefresh())
    },
    async load() {
      this.setData({ loading: !this.data.queues.length, error: '' })
      try {
        const [me, bench] = await Promise.all([auth.currentUser(), api.orders.workbench()])
        const queues = (bench.queues || []).map((q) => ({
          key: q.key, label: q.label, count: q.count, url: QUEUE_PAGES[q.key] || '',
        }))
        const links = []
        Object.keys(LINKS).forEach((kind) => { if (roles.has(me, kind)) links.push(...LINKS[kind]) })
        const waiting = queues.reduce((sum, q) => sum + (q.count || 0), 0)
        this.setData({ loading: false, queues, links, waiting })
      } catch (err) {
        this.setData({ loading: false, error: err.message || '加载失败' })
      }
    },
    onQueue(e) {
      const url = e.currentTarget.dataset.url
      if (url) wx.navigateTo({ url })
    },
    onLink(e) {
      wx.navigateTo({ url: e.currentTarget.dataset.url })
    },
  },
})
