// 志愿者名单: volunteers of the service communities in my region (before_id paging), filtered by name,
// work unit and party membership; phones come masked. A row opens the volunteer's details with the
// activities they joined and how each was confirmed.
const api = require('../../../api/index')
const paging = require('../../../utils/paging')
const format = require('../../../utils/format')
const labels = require('../labels')

const PARTY = [
  { name: '', title: '全部' },
  { name: 'true', title: '党员' },
  { name: 'false', title: '非党员' },
]

Component({
  behaviors: [paging.listBehavior],
  data: {
    party: '',
    partyTabs: PARTY,
    name: '',
    workUnit: '',
    detail: { show: false, loading: false, error: '', person: null },
  },
  methods: {
    onLoad() {
      this.source = paging.beforeId(api.community.volunteers, () => this.filters())
      return this.reload()
    },
    filters() {
      return {
        name: this.data.name.trim() || null,
        work_unit: this.data.workUnit.trim() || null,
        party_member: this.data.party || null,
      }
    },
    decorate(item) {
      return Object.assign({}, item, { joinedText: format.date(item.joined_at) })
    },
    onName(e) { this.setData({ name: e.detail }) },
    onWorkUnit(e) { this.setData({ workUnit: e.detail }) },
    onSearch() { return this.reload() },
    onClear(e) {
      this.setData({ [e.currentTarget.dataset.key]: '' })
      return this.reload()
    },
    onParty(e) {
      this.setData({ party: e.currentTarget.dataset.name })
      return this.reload()
    },
    async onOpen(e) {
      const id = e.currentTarget.dataset.id
      this._openId = id
      this.setData({ detail: { show: true, loading: true, error: '', person: null } })
      try {
        const person = await api.community.volunteer({ user_id: id })
        if (this._openId !== id) return
        person.joinedText = format.date(person.joined_at)
        person.activities = (person.activities || []).map((a) => Object.assign({}, a, {
          timeText: format.span(a.starts_at, a.ends_at),
          statusText: labels.ACTIVITY_STATUS[a.status] || a.status,
          attendanceText: labels.ATTENDANCE[a.attendance] || a.attendance,
        }))
        this.setData({ 'detail.loading': false, 'detail.person': person })
      } catch (err) {
        this.setData({ 'detail.loading': false, 'detail.error': err.message || '加载失败' })
      }
    },
    onDetailRetry() {
      return this.onOpen({ currentTarget: { dataset: { id: this._openId } } })
    },
    onDetailClose() {
      this._openId = null
      this.setData({ 'detail.show': false })
    },
  },
})
