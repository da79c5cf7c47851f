// 需求信息: the public list of formal needs, by zone, status and keyword (page paging).
const api = require('../../../api/index')
const format = require('../../../utils/format')
const paging = require('../../../utils/paging')

const STATUSES = [
  { text: '全部状态', value: '' },
  { text: '待认领', value: 'unclaimed' },
  { text: '已认领', value: 'claimed' },
  { text: '已完成', value: 'completed' },
]
const STATUS_TAG = { unclaimed: 'primary', claimed: 'success', completed: 'default', withdrawn: 'default' }

Component({
  behaviors: [paging.listBehavior],
  data: {
    zone: 0,
    status: '',
    keyword: '',
    zoneOptions: [{ text: '全部专区', value: 0 }],
    statusOptions: STATUSES,
  },
  methods: {
    onLoad() {
      this.source = paging.pageNumber(api.needs.list, () => this.filters())
      api.needs.zones().then((rows) => {
        this.setData({ zoneOptions: [{ text: '全部专区', value: 0 }].concat((rows || []).map((z) => ({ text: z.name, value: z.id }))) })
      }, () => {}) // without zones the list still works unfiltered
      return this.reload()
    },
    filters() {
      const { zone, status, keyword } = this.data
      return { zone_id: zone || '', status, keyword }
    },
    decorate(item) {
      return Object.assign({}, item, { span: format.date(item.starts_at) + ' 至 ' + format.date(item.ends_at), tagType: STATUS_TAG[item.status] })
    },
    onZone(e) { this.setData({ zone: e.detail }); return this.reload() },
    onStatus(e) { this.setData({ status: e.detail }); return this.reload() },
    onKeyword(e) { this.setData({ keyword: e.detail }) },
    onSearch(e) {
      this.setData({ keyword: (e.detail || '').trim() })
      return this.reload()
    },
    onOpen(e) {
      wx.navigateTo({ url: '/packages/volunteer/need/index?id=' + e.currentTarget.dataset.id })
    },
  },
})
