// A need as the organisations see it. The publishing league decides on claims (同意 / 退回), withdraws
// or completes the need; a volunteer-service organisation claims it or withdraws its pending claim.
// Once a claim is accepted both sides score each other and the claimer publishes activities for it.
const api = require('../../../api/index')
const ui = require('../../../utils/ui')
const format = require('../../../utils/format')
const subscribe = require('../../../utils/subscribe')
const common = require('../common')
const extras = require('./extras')

Component({
  behaviors: [extras],
  data: {
    loading: true,
    error: '',
    need: null,
    role: '', // owner (the publishing league) | claimer (a volunteer-service organisation) | viewer
    claims: [],
    myClaim: null, // the claimer's latest claim on this need (a returned one shows why)
    accepted: null, // the accepted claim, for both sides
    message: '',
    messageError: '',
    profileHint: '',
    busy: false,
  },
  methods: {
    onLoad(query) {
      this.needId = Number(query && query.id)
      subscribe.preload()
      return this.load()
    },
    onPullDownRefresh() {
      return this.load().then(() => wx.stopPullDownRefresh())
    },
    async load() {
      this.setData({ loading: !this.data.need, error: '' })
      try {
        const org = await common.currentOrg()
        this.org = org
        const need = await api.needs.get({ need_id: this.needId })
        let role = 'viewer'
        if (org && org.kind === 'league' && need.league_org_id === org.id) role = 'owner'
        if (org && org.kind === 'volunteer_org') role = 'claimer'
        let claims = []
        // The server's my_claim is our organisations' latest claim on the need (any status); one of
        // another organisation of ours is not the one this page acts for.
        const myClaim = role === 'claimer' && need.my_claim && need.my_claim.org_id === org.id ? need.my_claim : null
        if (role === 'owner') claims = (await api.claims.listForNeed({ need_id: need.id })).items || []
        claims = claims.map((c) => this.decorateClaim(c))
        const accepted = role === 'owner' ? claims.find((c) => c.status === 'accepted') || null
          : myClaim && myClaim.status === 'accepted' ? myClaim : null
        this.setData({
          loading: false,
          role,
          claims,
          myClaim: myClaim && this.decorateClaim(myClaim),
          accepted,
          need: Object.assign({}, need, {
            statusText: common.NEED_STATUS[need.status] || need.status_label,
            tagType: common.TAG_TYPE[need.status] || 'default',
            spanText: format.span(need.starts_at, need.ends_at),
            events: (need.events || []).map((e) => Object.assign({}, e, { atText: format.dateTime(e.at) })),
          }),
        })
        if (accepted) await this.loadAccepted(accepted, role)
        else this.setData({ scores: [], activities: [], canScore: false })
      } catch (err) {
        this.setData({ loading: false, error: err.message || '加载失败' })
      }
    },
    decorateClaim(c) {
      return Object.assign({}, c, {
        statusText: common.CLAIM_STATUS[c.status] || c.status_label,
        tagType: common.TAG_TYPE[c.status] || 'default',
        createdText: format.dateTime(c.created_at),
        live: c.status === 'pending' || c.status === 'accepted',
      })
    },
    // One action at a time; on success a toast and a fresh view, on failure the server's message (a
    // 409 means the need moved on meanwhile, so the view is refreshed too).
    async run(action, done) {
      if (this.data.busy) return
      this.setData({ busy: true })
      try {
        await action()
        this.setData({ busy: false })
        ui.toast(done)
      } catch (err) {
        this.setData({ busy: false })
        ui.showError(err)
        if (err.status !== 409) return
      }
      await this.load()
    },
    onAccept(e) {
      const id = e.currentTarget.dataset.id
      return this.run(() => api.claims.accept({ claim_id: id }), '已同意认领')
    },
    async onReturn(e) {
      const id = e.currentTarget.dataset.id
      const reason = await ui.askReason('退回认领', '请填写退回原因')
      if (!reason) return
      return this.run(() => api.claims.giveBack({ claim_id: id }, { reason }), '已退回')
    },
    async onWithdrawNeed() {
      const reason = await ui.askReason('撤回需求', '待确认的认领将一并退回，请填写原因')
      if (!reason) return
      return this.run(() => api.needs.withdraw({ need_id: this.needId }, { reason }), '需求已撤回')
    },
    async onComplete() {
      if (!(await ui.confirm('标记完成', '确认该需求已完成服务？'))) return
      return this.run(() => api.needs.complete({ need_id: this.needId }), '已标记完成')
    },
    onMessage(e) {
      this.setData({ message: e.detail, messageError: '' })
    },
    async onClaim() {
      subscribe.ask(['review_result']) // first, inside the tap: the league's decision comes as a message
      if (this.data.busy) return
      const message = this.data.message.trim()
      if (!message) return this.setData({ messageError: '请填写认领说明' })
      this.setData({ busy: true, profileHint: '' })
      try {
        await api.claims.claim({ need_id: this.needId }, { organisation_id: this.org.id, message })
        this.setData({ busy: false, message: '' })
        ui.toast('已提交认领')
        await this.load()
      } catch (err) {
        const errors = ui.fieldErrors(err)
        this.setData({
          busy: false,
          messageError: errors.message || '',
          profileHint: err.error === 'profile_incomplete' ? err.message : '',
        })
        ui.showError(err)
      }
    },
    onProfile() {
      wx.navigateTo({ url: '/packages/org/profile/index' })
    },
    async onWithdrawClaim() {
      if (!(await ui.confirm('撤销认领', '确认撤销对该需求的认领申请？'))) return
      return this.run(() => api.claims.withdraw({ claim_id: this.data.myClaim.id }), '已撤销认领')
    },
    onCall() {
      if (this.data.need.phones_visible) wx.makePhoneCall({ phoneNumber: this.data.need.leader_mobile })
    },
  },
})
