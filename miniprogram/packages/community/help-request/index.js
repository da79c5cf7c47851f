// 求助详情 for community staff: the requester's contact in clear, the assigned volunteers and their
// results; 安排志愿者 (search my community's volunteers), 不予受理 (with a reason) and 办结 (a public
// summary and hours per assigned volunteer). A 409 means the request moved on: it is reloaded.
const api = require('../../../api/index')
const format = require('../../../utils/format')
const ui = require('../../../utils/ui')

Component({
  data: {
    id: null,
    loading: true,
    loadError: '',
    item: null,
    busy: false,
    pick: { show: false, name: '', loading: false, error: '', rows: [], chosen: [] },
    closing: { show: false, summary: '', hours: [], errors: {} },
  },
  methods: {
    onLoad(query) {
      this.setData({ id: Number((query || {}).id) })
      return this.load()
    },
    async load() {
      this.setData({ loading: true, loadError: '' })
      try {
        this.show(await api.helpRequests.get({ request_id: this.data.id }))
        this.setData({ loading: false })
      } catch (err) {
        this.setData({ loading: false, loadError: err.message || '加载失败' })
      }
    },
    show(item) {
      const assignments = (item.assignments || []).map((a) => Object.assign({}, a, {
        assignedText: format.dateTime(a.assigned_at),
        reportedText: format.dateTime(a.reported_at),
      }))
      this.setData({
        item: Object.assign({}, item, {
          assignments,
          wantedText: format.dateTime(item.wanted_at),
          createdText: format.dateTime(item.created_at),
          closedText: format.dateTime(item.closed_at),
        }),
      })
    },
    onCall() {
      wx.makePhoneCall({ phoneNumber: this.data.item.contact_phone })
    },
    // Runs one action; a 409 (already assigned elsewhere, withdrawn, closed) reloads what is true now.
    async act(call, done) {
      if (this.data.busy) return false
      this.setData({ busy: true })
      try {
        this.show(await call())
        this.setData({ busy: false })
        ui.toast(done)
        return true
      } catch (err) {
        this.setData({ busy: false })
        ui.showError(err)
        if (err.status === 409) this.load()
        return false
      }
    },

    onAssignOpen() {
      this.setData({ pick: { show: true, name: '', loading: false, error: '', rows: [], chosen: [] } })
      return this.search()
    },
    onPickClose() {
      this.setData({ 'pick.show': false })
    },
    onPickName(e) {
      this.setData({ 'pick.name': e.detail })
    },
    async search() {
      const name = this.data.pick.name.trim()
      const taken = (this.data.item.assignments || []).map((a) => a.volunteer_id)
      this.setData({ 'pick.loading': true, 'pick.error': '' })
      try {
        // Only the request's community's own volunteers can be assigned: ask the roster for exactly those.
        const page = await api.community.volunteers({ organisation_id: this.data.item.community.id, name: name || null, limit: 50 })
        const rows = (page.items || []).filter((v) => taken.indexOf(v.user_id) < 0)
          .map((v) => Object.assign({}, v, { key: String(v.user_id) }))
        this.setData({ 'pick.loading': false, 'pick.rows': rows })
      } catch (err) {
        this.setData({ 'pick.loading': false, 'pick.error': err.message || '加载失败' })
      }
    },
    onPickChange(e) {
      this.setData({ 'pick.chosen': e.detail })
    },
    async onAssign() {
      const ids = this.data.pick.chosen.map(Number)
      if (!ids.length) return ui.showError({ message: '请选择志愿者' })
      if (ids.length > 20) return ui.showError({ message: '一次最多安排 20 位志愿者' })
      const ok = await this.act(() => api.helpRequests.assign({ request_id: this.data.id }, { volunteer_ids: ids }), '已安排')
      if (ok) this.setData({ 'pick.show': false })
    },

    async onDecline() {
      const reason = await ui.askReason('不予受理的原因', '求助人会看到这个原因')
      if (!reason) return
      return this.act(() => api.helpRequests.decline({ request_id: this.data.id }, { reason }), '已处理')
    },

    onCloseOpen() {
      const hours = this.data.item.assignments.map((a) => ({ volunteerId: a.volunteer_id, name: a.name, hours: 1 }))
      this.setData({ closing: { show: true, summary: '', hours, errors: {} } })
    },
    onCloseCancel() {
      this.setData({ 'closing.show': false })
    },
    onCloseSummary(e) {
      this.setData({ 'closing.summary': e.detail, 'closing.errors.summary': '' })
    },
    onCloseHours(e) {
      this.setData({ ['closing.hours[' + e.currentTarget.dataset.index + '].hours']: Number(e.detail), 'closing.errors.hours': '' })
    },
    async onClose() {
      const summary = this.data.closing.summary.trim()
      if (!summary) return this.setData({ 'closing.errors.summary': '请填写办理情况' })
      // 0 means "do not credit this volunteer"; anything else must be 0.1–24 with one decimal.
      const hours = this.data.closing.hours.filter((h) => h.hours > 0)
      if (hours.some((h) => h.hours < 0.1 || h.hours > 24)) return this.setData({ 'closing.errors.hours': '服务时长为 0.1 到 24 小时' })
      const body = { summary, hours: hours.map((h) => ({ volunteer_id: h.volunteerId, hours: Math.round(h.hours * 10) / 10 })) }
      const ok = await this.act(() => api.helpRequests.close({ request_id: this.data.id }, body), '已办结')
      if (ok) this.setData({ 'closing.show': false })
    },
  },
})
