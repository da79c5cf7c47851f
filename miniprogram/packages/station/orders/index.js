// V订单记录列表 / 订单审核 for station staff (and the association, which sees the whole city): the seed's
// search form (需求标题, 服务项目, 所属街道, 服务时间, 订单状态), the review tabs and the console's columns.
// Tapping a row opens the order, where the actions are. The workbench's 接单人待审核 queue opens it with
// has_pending_takes=1: only orders with a take waiting for review, kept through every filter change.
const api = require('../../../api/index')
const paging = require('../../../utils/paging')
const labels = require('../review-labels')

const ALL = { code: '', name: '全部' }
const TABS = labels.ORDER_TABS.map((t) => t.name)

Component({
  behaviors: [paging.listBehavior],
  data: {
    tabs: labels.ORDER_TABS,
    tab: 'all',
    title: '',
    statuses: [{ value: '', label: '全部' }].concat(labels.ORDER_STATUSES),
    statusIndex: 0,
    serviceItems: [ALL],
    itemIndex: 0,
    streets: [ALL],
    streetIndex: 0,
    serviceFrom: '',
    serviceTo: '',
    showFilters: false,
    lookupError: '',
    pendingTakes: false,
  },
  methods: {
    onLoad(query) {
      const q = query || {}
      const statusIndex = Math.max(0, this.data.statuses.findIndex((s) => s.value === (q.status || '')))
      this.setData({ tab: TABS.indexOf(q.tab) >= 0 ? q.tab : 'all', statusIndex, pendingTakes: q.has_pending_takes === '1' })
      this.source = paging.pageNumber(api.orders.list, () => this.filters())
      return this.reload()
    },
    filters() {
      const d = this.data
      const filters = {
        tab: d.tab,
        title: d.title.trim(),
        status: d.statuses[d.statusIndex].value,
        service_item: d.serviceItems[d.itemIndex].code,
        street: d.streets[d.streetIndex].code,
        service_from: d.serviceFrom,
        service_to: d.serviceTo,
      }
      if (d.pendingTakes) filters.has_pending_takes = 1
      return filters
    },
    onClearPendingTakes() {
      this.setData({ pendingTakes: false })
      return this.reload()
    },
    decorate(item) {
      return labels.decorateOrder(item)
    },
    onTab(e) {
      this.setData({ tab: e.currentTarget.dataset.name })
      return this.reload()
    },
    onSearch(e) {
      this.setData({ title: typeof e.detail === 'string' ? e.detail : '' })
      return this.reload()
    },
    // The pickers' choices come from the catalogue and the region tree, fetched the first time the
    // filter panel opens (most visits never filter).
    onToggleFilters() {
      const show = !this.data.showFilters
      this.setData({ showFilters: show })
      if (show && this.data.serviceItems.length === 1) return this.loadLookups()
      return null
    },
    async loadLookups() {
      try {
        const [items, streets] = await Promise.all([
          api.catalogues.list({ kind: 'service_item' }),
          api.regions.list({ level: 'street' }),
        ])
        this.setData({
          serviceItems: [ALL].concat((items || []).map((i) => ({ code: i.code, name: i.name }))),
          streets: [ALL].concat((streets || []).map((r) => ({ code: r.code, name: r.name }))),
          lookupError: '',
        })
      } catch (err) {
        this.setData({ lookupError: err.message || '筛选项加载失败' })
      }
    },
    onStatus(e) { return this.pick({ statusIndex: Number(e.detail.value) }) },
    onServiceItem(e) { return this.pick({ itemIndex: Number(e.detail.value) }) },
    onStreet(e) { return this.pick({ streetIndex: Number(e.detail.value) }) },
    onFrom(e) { return this.pick({ serviceFrom: e.detail.value }) },
    onTo(e) { return this.pick({ serviceTo: e.detail.value }) },
    pick(change) {
      this.setData(change)
      return this.reload()
    },
    onResetFilters() {
      this.setData({ title: '', statusIndex: 0, itemIndex: 0, streetIndex: 0, serviceFrom: '', serviceTo: '' })
      return this.reload()
    },
    onCreate() {
      wx.navigateTo({ url: '/packages/station/order-form/index' })
    },
    onOpen(e) {
      wx.navigateTo({ url: '/packages/station/order/index?id=' + e.currentTarget.dataset.id })
    },
  },
})
