// 活动 tab: the newest volunteer activities, filtered by category, status and district.
const api = require('../../api/index')
const format = require('../../utils/format')
const paging = require('../../utils/paging')

const STATUSES = [
  { text: '全部状态', value: '' },
  { text: '进行中', value: 'recruiting' },
  { text: '已结束', value: 'ended' },
  { text: '已取消', value: 'cancelled' },
]
const STATUS_TAG = { recruiting: 'success', ended: 'default', cancelled: 'danger' }

Component({
  behaviors: [paging.listBehavior],
  data: {
    category: '',
    status: '',
    region: '',
    categoryOptions: [{ text: '全部类别', value: '' }],
    statusOptions: STATUSES,
    regionOptions: [{ text: '全部地区', value: '' }],
  },
  methods: {
    onLoad() {
      this.source = paging.beforeId(api.activities.list, () => this.filters())
      this.loadFilters()
      return this.reload()
    },
    filters() {
      const { category, status, region } = this.data
      return { category, status, region }
    },
    // The filter menus are a convenience: if they fail the list still works unfiltered.
    loadFilters() {
      api.catalogues.list({ kind: 'activity_category' }).then((rows) => {
        this.setData({ categoryOptions: [{ text: '全部类别', value: '' }].concat((rows || []).map((r) => ({ text: r.name, value: r.code }))) })
      }, () => {})
      api.regions.list({ level: 'district' }).then((rows) => {
        this.setData({ regionOptions: [{ text: '全部地区', value: '' }].concat((rows || []).map((r) => ({ text: r.name, value: r.code }))) })
      }, () => {})
    },
    decorate(item) {
      return Object.assign({}, item, { span: format.span(item.starts_at, item.ends_at), tagType: STATUS_TAG[item.status] || 'default' })
    },
    onCategory(e) { this.setData({ category: e.detail }); return this.reload() },
    onStatus(e) { this.setData({ status: e.detail }); return this.reload() },
    onRegion(e) { this.setData({ region: e.detail }); return this.reload() },
    onOpen(e) {
      wx.navigateTo({ url: '/packages/volunteer/activity/index?id=' + e.currentTarget.dataset.id })
    },
  },
})
