// One help request as the server lets the caller see it: the requester, the community's staff and the
// assigned volunteers get the content, contact and volunteers; anyone else only a closed request's
// public summary. An assigned volunteer reports the result here (a later report replaces theirs), so the
// form starts from the result they reported before (their own assignment is the one marked `mine`).
const api = require('../../../api/index')
const format = require('../../../utils/format')
const ui = require('../../../utils/ui')
const labels = require('../report-help-labels')

Component({
  data: { id: null, request: null, loading: true, error: '', result: '', reported: false, resultError: '', busy: false },
  methods: {
    onLoad(query) {
      this.setData({ id: Number((query || {}).id) || null })
      return this.load()
    },
    async load() {
      if (!this.data.id) return this.setData({ loading: false, error: '求助不存在或已被删除' })
      this.setData({ loading: true, error: '' })
      try {
        const r = await api.helpRequests.get({ request_id: this.data.id })
        const mine = (r.assignments || []).find((a) => a.mine)
        const earlier = (mine && mine.result) || ''
        this.setData({ request: this.decorate(r), loading: false, result: earlier, reported: Boolean(earlier), resultError: '' })
      } catch (err) {
        this.setData({ loading: false, error: err.message || '加载失败' })
      }
    },
    decorate(r) {
      const phone = r.contact_phone || ''
      return Object.assign({}, r, labels.helpStatus(r), {
        isPublic: r.viewpoint === 'public',
        communityName: (r.community && r.community.name) || '',
        wantedText: format.dateTime(r.wanted_at),
        createdText: format.dateTime(r.created_at),
        closedText: format.dateTime(r.closed_at),
        // A masked number (139****0002) cannot be dialled; only a clear one gets the button.
        canCall: Boolean(phone) && phone.indexOf('*') < 0,
        canReport: r.viewpoint === 'volunteer' && r.status === 'assigned',
        assignments: (r.assignments || []).map((a) => Object.assign({}, a, {
          assignedText: format.dateTime(a.assigned_at),
          reportedText: format.dateTime(a.reported_at),
          hoursText: a.credited_hours === null || a.credited_hours === undefined ? '' : a.credited_hours + ' 小时',
        })),
      })
    },
    onRetry() {
      return this.load()
    },
    onCall() {
      wx.makePhoneCall({ phoneNumber: this.data.request.contact_phone })
    },
    onResult(e) {
      this.setData({ result: e.detail, resultError: '' })
    },
    async onSubmitResult() {
      if (this.data.busy) return
      const result = this.data.result.trim()
      if (!result) return this.setData({ resultError: '请填写服务结果' })
      if (result.length > 2000) return this.setData({ resultError: '服务结果不能超过 2000 个字' })
      this.setData({ busy: true })
      try {
        await api.helpRequests.reportResult({ request_id: this.data.id }, { result })
        this.setData({ busy: false })
        ui.toast('已反馈')
        await this.load()
      } catch (err) {
        this.setData({ busy: false })
        if (err.status === 422) this.setData({ resultError: ui.fieldErrors(err).result || err.message })
        ui.showError(err)
        // 409: the request was closed meanwhile; show it as it is now.
        if (err.status === 409) await this.load()
      }
    },
  },
})
