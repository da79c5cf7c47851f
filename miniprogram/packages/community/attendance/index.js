// 活动确认: every signed-up volunteer marked 已到 / 未到 with hours in half-hour steps; the WHOLE list is
// sent each time (a second submission is a correction). Below it, the public 活动反馈 (summary + photos).
const api = require('../../../api/index')
const format = require('../../../utils/format')
const ui = require('../../../utils/ui')
const labels = require('../labels')

// Unconfirmed volunteers start as present for the whole activity (capped by the server's max_hours),
// which is what admins confirm most of the time.
function toRows(sheet) {
  return (sheet.items || []).map((r) => ({
    volunteerId: r.volunteer_id,
    name: r.name || '未填写姓名',
    phone: r.phone || '',
    stateLabel: r.state_label || labels.ATTENDANCE[r.state] || '',
    choice: r.state === 'absent' ? 'absent' : 'attended',
    hours: r.state === 'attended' && r.hours ? r.hours : sheet.max_hours,
  }))
}

Component({
  data: {
    id: null,
    loading: true,
    loadError: '',
    sheet: null,
    timeText: '',
    rows: [],
    busy: false,
    conflict: '',
    summary: '',
    feedbackPhotos: [],
    photoIds: [],
    feedbackErrors: {},
    feedbackBusy: false,
    feedbackSaved: false,
  },
  methods: {
    onLoad(query) {
      this.setData({ id: Number((query || {}).id) })
      return this.load()
    },
    async load() {
      this.setData({ loading: true, loadError: '' })
      try {
        const [sheet, feedback] = await Promise.all([
          api.activities.attendance({ activity_id: this.data.id }),
          // No feedback yet answers 404: an empty form.
          api.activities.feedback({ activity_id: this.data.id }).catch((err) => {
            if (err.status === 404) return null
            throw err
          }),
        ])
        this.showSheet(sheet)
        this.showFeedback(feedback)
        this.setData({ loading: false })
      } catch (err) {
        this.setData({ loading: false, loadError: err.message || '加载失败' })
      }
    },
    showSheet(sheet) {
      this.setData({ sheet, rows: toRows(sheet), timeText: format.span(sheet.starts_at, sheet.ends_at) })
    },
    showFeedback(feedback) {
      const ids = (feedback && feedback.photo_upload_ids) || []
      const urls = (feedback && feedback.photo_urls) || []
      this.setData({
        summary: (feedback && feedback.summary) || '',
        feedbackPhotos: ids.map((id, i) => ({ id, url: urls[i] })),
        photoIds: ids,
        feedbackSaved: Boolean(feedback),
      })
    },
    onChoice(e) {
      this.setData({ ['rows[' + e.currentTarget.dataset.index + '].choice']: e.detail, conflict: '' })
    },
    onHours(e) {
      this.setData({ ['rows[' + e.currentTarget.dataset.index + '].hours']: Number(e.detail), conflict: '' })
    },
    body() {
      return {
        items: this.data.rows.map((r) => (r.choice === 'attended'
          ? { volunteer_id: r.volunteerId, attended: true, hours: r.hours }
          : { volunteer_id: r.volunteerId, attended: false })),
      }
    },
    async onSubmit() {
      if (this.data.busy || !this.data.rows.length) return
      const present = this.data.rows.filter((r) => r.choice === 'attended').length
      const ok = await ui.confirm('提交活动确认', '已到 ' + present + ' 人，未到 ' + (this.data.rows.length - present) + ' 人。已到的志愿者将记入服务时长和积分。')
      if (!ok) return
      this.setData({ busy: true, conflict: '' })
      try {
        const sheet = await api.activities.confirmAttendance({ activity_id: this.data.id }, this.body())
        this.showSheet(sheet)
        this.setData({ busy: false })
        ui.toast('已确认')
      } catch (err) {
        // 409: e.g. a correction would take back points the volunteer has spent; the list stays as edited.
        this.setData({ busy: false, conflict: err.status === 409 ? err.message : '' })
        ui.showError(err)
      }
    },
    onSummary(e) {
      this.setData({ summary: e.detail, 'feedbackErrors.summary': '' })
    },
    onPhotos(e) {
      this.setData({ photoIds: e.detail.ids, feedbackPhotos: e.detail.images })
    },
    async onSaveFeedback() {
      if (this.data.feedbackBusy) return
      const summary = this.data.summary.trim()
      if (!summary) return this.setData({ 'feedbackErrors.summary': '请填写活动情况' })
      this.setData({ feedbackBusy: true, feedbackErrors: {} })
      try {
        const feedback = await api.activities.saveFeedback({ activity_id: this.data.id }, { summary, photo_upload_ids: this.data.photoIds })
        this.showFeedback(feedback)
        this.setData({ feedbackBusy: false })
        ui.toast('反馈已保存')
      } catch (err) {
        this.setData({ feedbackBusy: false, feedbackErrors: ui.fieldErrors(err) })
        ui.showError(err)
      }
    },
  },
})
