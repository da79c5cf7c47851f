// 志愿者申请审核: the applications to my community (newest first, before_id paging), by status, with
// 通过 / 不通过. ID numbers and phones arrive masked from the server.
const api = require('../../../api/index')
const paging = require('../../../utils/paging')
const format = require('../../../utils/format')
const ui = require('../../../utils/ui')
const labels = require('../labels')
const scopedList = require('../scoped-list')

Component({
  behaviors: [paging.listBehavior, scopedList],
  data: {
    tabs: labels.APPLICATION_TABS,
    status: 'pending',
  },
  methods: {
    onLoad() {
      this.source = paging.beforeId(api.community.applications, () => this.filters())
      return this.loadScope()
    },
    decorate(item) {
      return Object.assign({}, item, {
        createdText: format.dateTime(item.created_at),
        decidedText: format.dateTime(item.decided_at),
        applicantPhone: (item.applicant && item.applicant.phone) || '',
      })
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
