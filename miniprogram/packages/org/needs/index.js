// 需求大厅 (all formal needs, page-numbered, filtered by zone / status / keyword) and, with ?mine=1,
// a league's 我的发布 (its own needs with their claim progress, one answer without paging).
const api = require('../../../api/index')
const format = require('../../../utils/format')
const { listBehavior, pageNumber } = require('../../../utils/paging')
const { NEED_STATUS, TAG_TYPE } = require('../common')

const STATUS_OPTIONS = [{ text: '全部状态', value: '' }].concat(
  Object.keys(NEED_STATUS).map((k) => ({ text: NEED_STATUS[k], value: k })),
)

Component({
  behaviors: [listBehavior],
  data: {
    mine: false,
    zoneOptions: [{ text: '全部专区', value: 0 }],
    statusOptions: STATUS_OPTIONS,
    zoneId: 0,
    status: '',
    keyword: '',
  },
  methods: {
    onLoad(query) {
      const mine = (query && query.mine) === '1'
      this.setData({ mine })
      if (mine) {
        wx.setNavigationBarTitle({ title: '我的发布' })
        // GET /needs/mine answers every need of the league at once: one page, never a next one.
        this.source = () => api.needs.mine(this.filters()).then((res) => ({ items: res.items || [], next: null }))
      } else {
        this.source = pageNumber(api.needs.list, () => this.filters())
        this.loadZones()
      }
      return this.reload()
    },
    loadZones() {
      // Filters are an extra: a failure leaves 全部专区 only.
      return api.needs.zones().then((zones) => {
        this.setData({ zoneOptions: this.data.zoneOptions.concat((zones || []).map((z) => ({ text: z.name, value: z.id }))) })
      }, () => null)
    },
    filters() {
      const f = { status: this.data.status || null }
      if (!this.data.mine) {
        f.zone_id = this.data.zoneId || null
        f.keyword = this.data.keyword.trim() || null
      }
      return f
    },
    decorate(item) {
      return Object.assign({}, item, {
        statusText: NEED_STATUS[item.status] || item.status_label,
        tagType: TAG_TYPE[item.status] || 'default',
        spanText: format.span(item.starts_at, item.ends_at),
      })
    },
    onZone(e) {
      this.setData({ zoneId: e.detail })
      return this.reload()
    },
    onStatus(e) {
      this.setData({ status: e.detail })
      return this.reload()
    },
    onKeyword(e) {
      this.setData({ keyword: e.detail || '' })
    },
    onSearch(e) {
      this.setData({ keyword: (e && typeof e.detail === 'string') ? e.detail : this.data.keyword })
      return this.reload()
    },
    onOpen(e) {
      wx.navigateTo({ url: '/packages/org/need/index?id=' + e.currentTarget.dataset.id })
    },
  },
})
