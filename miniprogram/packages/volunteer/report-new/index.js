// 志愿者上报 form: a community volunteer shares 心得体会 or an 活动计划 (up to 9 photos) for their
// community to review. Someone not (yet) a community volunteer is told so and pointed to joining.
const api = require('../../../api/index')
const ui = require('../../../utils/ui')
const subscribe = require('../../../utils/subscribe')
const labels = require('../report-help-labels')

const JOIN_URL = '/packages/volunteer/join/index'

Component({
  data: {
    kinds: labels.REPORT_KINDS,
    kind: 'experience',
    title: '',
    content: '',
    photoIds: [],
    errors: {},
    busy: false,
    blocked: '', // why the server refused this person (not a community volunteer…)
    canJoin: false,
  },
  methods: {
    onLoad() {
      // The template ids must be at hand before the tap (WeChat shows the popup only synchronously).
      subscribe.preload()
    },
    onKind(e) { this.setData({ kind: e.detail, 'errors.kind': '' }) },
    onTitle(e) { this.setData({ title: e.detail, 'errors.title': '' }) },
    onContent(e) { this.setData({ content: e.detail, 'errors.content': '' }) },
    onPhotos(e) { this.setData({ photoIds: e.detail.ids, 'errors.photo_upload_ids': '' }) },

    validate() {
      const errors = {}
      const title = this.data.title.trim()
      const content = this.data.content.trim()
      if (!title) errors.title = '请填写标题'
      else if (title.length > 100) errors.title = '标题不能超过 100 个字'
      if (!content) errors.content = '请填写内容'
      else if (content.length > 5000) errors.content = '内容不能超过 5000 个字'
      return errors
    },

    async onSubmit() {
      if (this.data.busy) return
      const errors = this.validate()
      if (Object.keys(errors).length) return this.setData({ errors })
      subscribe.ask(['review_result']) // first, before any await: the review result comes as a message
      this.setData({ busy: true, blocked: '', canJoin: false })
      try {
        await api.reports.create(null, {
          kind: this.data.kind,
          title: this.data.title.trim(),
          content: this.data.content.trim(),
          photo_upload_ids: this.data.photoIds,
        })
        this.setData({ busy: false })
        ui.toast('已提交审核')
        wx.redirectTo({ url: '/packages/volunteer/my-reports/index' })
      } catch (err) {
        this.setData({ busy: false })
        if (err.status === 422) this.setData({ errors: ui.fieldErrors(err) })
        else if (err.status === 403 || err.status === 409) {
          // Shown on the page, not in a toast: it says what to do next (join a community first).
          return this.setData({ blocked: err.message, canJoin: err.status === 403 || err.error === 'community_volunteer_required' })
        }
        ui.showError(err)
      }
    },
    onJoin() {
      wx.navigateTo({ url: JOIN_URL })
    },
  },
})
