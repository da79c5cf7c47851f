// 服务对象库: the station's beneficiaries (latest change first) with the columns of the console list —
// name, gender, age, category, household street, status, last modified — filtered by name, gender and
// status (the 待审核 / 启用中 / 已禁用 / 审核不通过 / 全部 tabs). Tapping a row opens it; 录入 adds one.
const api = require('../../../api/index')
const format = require('../../../utils/format')
const { pageNumber, listBehavior, reloadOnReturn } = require('../../../utils/paging')
const labels = require('../labels')

const TABS = [
  { name: 'pending', title: '待审核' },
  { name: 'active', title: '启用中' },
  { name: 'disabled', title: '已禁用' },
  { name: 'rejected', title: '审核不通过' },
  { name: 'all', title: '全部' },
]

const GENDERS = [
  { text: '全部性别', value: '' },
  { text: '男', value: 'male' },
  { text: '女', value: 'female' },
]

Component({
  behaviors: [listBehavior, reloadOnReturn],
  data: {
    tabs: TABS,
    genders: GENDERS,
    status: 'all',
    gender: '',
    name: '',
  },
  methods: {
    onLoad(query) {
      const wanted = (query && query.status) || 'all'
      this.setData({ status: TABS.some((t) => t.name === wanted) ? wanted : 'all' })
      this.source = pageNumber(api.beneficiaries.list, () => this.filters())
      this._loaded = true
      return this.reload()
    },
    filters() {
      return { status: this.data.status, gender: this.data.gender || null, name: this.data.name.trim() || null }
    },
    decorate(item) {
      return Object.assign({}, item, {
        genderLabel: labels.GENDER[item.gender] || '',
        statusLabel: item.status_label || labels.BENEFICIARY_STATUS[item.status] || item.status,
        statusTag: labels.BENEFICIARY_TAG[item.status] || 'default',
        categoryName: (item.category && item.category.name) || '',
        streetName: (item.household_street && item.household_street.name) || '',
        updated: format.dateTime(item.updated_at),
        donated: item.donated_points || 0,
      })
    },
    onTab(e) {
      this.setData({ status: e.currentTarget.dataset.name })
      return this.reload()
    },
    onGender(e) {
      this.setData({ gender: e.currentTarget.dataset.value || '' })
      return this.reload()
    },
    onNameChange(e) {
      this.setData({ name: e.detail || '' })
    },
    onSearch(e) {
      this.setData({ name: (e && typeof e.detail === 'string' ? e.detail : this.data.name) || '' })
      return this.reload()
    },
    onOpen(e) {
      wx.navigateTo({ url: '/packages/station/beneficiary/index?id=' + e.currentTarget.dataset.id })
    },
    onAdd() {
      wx.navigateTo({ url: '/packages/station/beneficiary-form/index' })
    },
  },
})
