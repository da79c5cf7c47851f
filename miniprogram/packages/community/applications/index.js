// 志愿者申请审核: the applications to my community (newest first, before_id paging), by status, with
// 通过 / 不通过. ID numbers and phones arrive masked from the server.
const api = require('../../../api/index')
const paging = require('../../../utils/paging')
const format = require('../../../utils/format')
const ui = require('../../../utils/ui')
const labels = require('../labels')

Component({
  behaviors: [paging.listBehavior],
  data: {
    tabs: labels.APPLICATION_TABS,
    status: 'pending',
    communities: [],
    communityIndex: 0,
    scopeError: '',
    scopeLoading: true,
    busyId: null,
  },
  methods: {
    onLoad() {
      this.source = paging.beforeId(api.community.applications, () => this.filters())
      return this.loadScope()
    },
    async loadScope() {
      this.setData({ scopeLoading: true, scopeError: '' })
      try {
        const communities = await labels.myCommunities()
        if (!communities.length) return this.setData({ scopeLoading: false, scopeError: labels.NOT_STAFF })
        this.setData({ communities, scopeLoading: false })
        return this.reload()
      } catch (err) {
        return this.setData({ scopeLoading: false, scopeError: err.message || '加载失败' })
      }
    },
    filters() {
      const community = this.data.communities[this.data.communityIndex]
      return { organisation_id: community && community.id, status: this.data.status }
    },
    decorate(item) {
      return Object.assign({}, item, {
        createdText: format.dateTime(item.created_at),
        decidedText: format.dateTime(item.decided_at),
        applicantPhone: (item.applicant && item.applicant.phone) || '',
      })
    },
    onTab(e) {
      this.setData({ status: e.currentTarget.dataset.name })
      return this.reload()
    },
    onCommunity(e) {
      this.setData({ communityIndex: Number(e.detail.value) })
      return this.reload()
    },
    async onApprove(e) {
      const id = e.currentTarget.dataset.id
      if (this.data.busyId) return
      if (!(await ui.confirm('通过申请', '通过后申请人将成为本社区志愿者'))) return
      return this.decide(id, () => api.community.approveApplication({ application_id: id }), '已通过')
    },
    async onReject(e) {
      const id = e.currentTarget.dataset.id
      if (this.data.busyId) return
      const reason = await ui.askReason('不通过的原因')
      if (!reason) return
      return this.decide(id, () => api.community.rejectApplication({ application_id: id }, { reason }), '已处理')
    },
    async decide(id, call, done) {
      this.setData({ busyId: id })
      try {
        await call()
        ui.toast(done)
        this.setData({ busyId: null })
        return this.reload()
      } catch (err) {
        this.setData({ busyId: null })
        ui.showError(err)
        // Someone else decided (or the applicant withdrew): show the list as it is now.
        if (err.status === 409 || err.status === 404) return this.reload()
      }
    },
  },
})
