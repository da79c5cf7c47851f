// The accepted claim's part of the need page: both sides' scores with the 评分 form, and the
// activities the claimer published for the need (newest first, before_id paging).
const api = require('../../../api/index')
const ui = require('../../../utils/ui')
const format = require('../../../utils/format')

const SIDE = { league: '团组织评价志愿服务组织', claimer: '志愿服务组织评价团组织' }

module.exports = Behavior({
  data: {
    scores: [],
    canScore: false,
    stars: 0,
    comment: '',
    scoreBusy: false,
    activities: [],
    activitiesNext: null,
    activitiesError: '',
  },
  methods: {
    async loadAccepted(claim, role) {
      const scored = role === 'owner' ? claim.league_scored : claim.claimer_scored
      this.setData({ canScore: (role === 'owner' || role === 'claimer') && !scored })
      const [scores] = await Promise.all([
        api.claims.scores({ claim_id: claim.id }),
        this.loadActivities(true),
      ])
      this.setData({
        scores: (scores || []).map((s) => Object.assign({}, s, { sideText: SIDE[s.side], atText: format.dateTime(s.created_at) })),
      })
    },
    loadActivities(first) {
      const query = { need_id: this.needId, limit: 20 }
      if (!first && this.data.activitiesNext) query.before_id = this.data.activitiesNext
      this.setData({ activitiesError: '' })
      return api.activities.listForNeed(query).then((page) => {
        const rows = (page.items || []).map((a) => Object.assign({}, a, { spanText: format.span(a.starts_at, a.ends_at) }))
        this.setData({
          activities: first ? rows : this.data.activities.concat(rows),
          activitiesNext: page.next_before_id || null,
        })
      }, (err) => this.setData({ activitiesError: err.message || '加载失败' }))
    },
    onMoreActivities() {
      return this.loadActivities(false)
    },
    onStars(e) {
      this.setData({ stars: e.detail })
    },
    onComment(e) {
      this.setData({ comment: e.detail })
    },
    async onScore() {
      if (this.data.scoreBusy) return
      if (!this.data.stars) return ui.showError({ message: '请选择星级' })
      this.setData({ scoreBusy: true })
      const comment = this.data.comment.trim()
      try {
        await api.claims.score({ claim_id: this.data.accepted.id }, { stars: this.data.stars, comment: comment || null })
        this.setData({ scoreBusy: false, stars: 0, comment: '' })
        ui.toast('评分成功')
      } catch (err) {
        this.setData({ scoreBusy: false })
        ui.showError(err)
        if (err.status !== 409) return // 409: scored already (maybe on another phone): show what is there
      }
      await this.load()
    },
    onPublishActivity() {
      // The form offers the need's region (and the places inside it) as the activity's region.
      wx.navigateTo({ url: '/packages/org/activity-form/index?claim_id=' + this.data.accepted.id + '&need_id=' + this.needId })
    },
  },
})
