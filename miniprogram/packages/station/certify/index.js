// 订单时数认证添加: after the service (order 待评价) the station certifies each approved taker's hours, the
// service dates, the person-times and head counts, two summaries, one to nine photos (required) and six star ratings. An aborted order is certified too (the hours
// served before the abort).
// Obvious mistakes are caught here; the server's 422 field errors are shown in place as well.
const api = require('../../../api/index')
const format = require('../../../utils/format')
const subscribe = require('../../../utils/subscribe')
const ui = require('../../../utils/ui')
const labels = require('../review-labels')

const COUNTS = ['beneficiary_person_times', 'beneficiary_headcount', 'volunteer_person_times', 'volunteer_headcount']
const SUMMARIES = ['service_summary', 'effect_summary']

function today() {
  return format.date(new Date().toISOString())
}

Component({
  data: {
    orderId: null, order: null, loading: true, error: '', busy: false,
    startDate: '', endDate: '', minDate: '', maxDate: '',
    rows: [], hoursError: '',
    counts: {}, summaries: { service_summary: '', effect_summary: '' },
    photoIds: [], uploads: [],
    ratings: labels.RATINGS.map((r) => ({ key: r.key, label: r.label, value: 0 })),
    errors: {},
  },
  methods: {
    onLoad(query) {
      this.setData({ orderId: (query || {}).order_id })
      subscribe.preload() // the submit tap asks for the review result
      return this.load()
    },
    async load() {
      this.setData({ loading: true, error: '' })
      try {
        const [order, takes] = await Promise.all([
          api.orders.get({ order_id: this.data.orderId }),
          api.takes.list({ order_id: this.data.orderId, status: 'approved' }),
        ])
        this.fill(order, (takes || []).filter((t) => t.status === 'approved'))
      } catch (err) {
        this.setData({ loading: false, error: err.message || '加载失败' })
      }
    },
    // Defaults from the order: its service days, its length as everyone's hours, one beneficiary, and
    // as many service people as volunteers were approved.
    fill(order, takes) {
      const first = format.date(order.starts_at)
      const last = format.date(order.ends_at)
      const span = Math.round((new Date(order.ends_at) - new Date(order.starts_at)) / 360000) / 10
      const hours = span > 0 && span <= 24 ? String(span) : ''
      const volunteers = Math.max(1, takes.filter((t) => t.taker_type === 'volunteer').length)
      this.setData({
        loading: false,
        order: Object.assign({}, order, { serviceText: format.dateTime(order.starts_at) + ' 至 ' + format.dateTime(order.ends_at) }),
        startDate: first, endDate: last, minDate: first, maxDate: last < today() ? last : today(),
        rows: takes.map((t) => ({
          take_id: t.id, name: t.name || t.provider_org_name || '接单人', phone: t.phone || '',
          kind: t.taker_type === 'provider' ? '接单服务商' : '志愿者', hours, error: '',
        })),
        counts: { beneficiary_person_times: '1', beneficiary_headcount: '1', volunteer_person_times: String(volunteers), volunteer_headcount: String(volunteers) },
      })
    },
    onStartDate(e) { this.setData({ startDate: e.detail.value, 'errors.service_date_start': '', 'errors.service_date_end': '' }) },
    onEndDate(e) { this.setData({ endDate: e.detail.value, 'errors.service_date_start': '', 'errors.service_date_end': '' }) },
    onHours(e) {
      const i = e.currentTarget.dataset.index
      this.setData({ ['rows[' + i + '].hours']: String(e.detail), ['rows[' + i + '].error']: '', hoursError: '' })
    },
    onCount(e) {
      const key = e.currentTarget.dataset.key
      this.setData({ ['counts.' + key]: String(e.detail), ['errors.' + key]: '' })
    },
    onSummary(e) {
      const key = e.currentTarget.dataset.key
      this.setData({ ['summaries.' + key]: e.detail, ['errors.' + key]: '' })
    },
    onRate(e) {
      const i = e.currentTarget.dataset.index
      this.setData({ ['ratings[' + i + '].value']: Number(e.detail), ['errors.' + this.data.ratings[i].key]: '' })
    },
    onPhotos(e) {
      this.setData({ photoIds: e.detail.ids, uploads: e.detail.images, 'errors.photo_ids': '' })
    },
    onSubmit() {
      if (this.data.busy || !this.data.rows.length) return null
      const form = this.check()
      if (!form) return ui.showError({ message: '请检查填写的内容' }) && null
      subscribe.ask(['review_result']) // synchronously inside the tap, before the request
      return this.send(form)
    },
    // The body, or null after marking what is wrong.
    check() {
      const d = this.data
      const errors = {}
      if (!d.startDate) errors.service_date_start = '请选择服务开始日期'
      if (!d.endDate) errors.service_date_end = '请选择服务结束日期'
      else if (d.startDate && d.startDate > d.endDate) errors.service_date_end = '服务结束日期不能早于开始日期'
      const rows = d.rows.map((r) => {
        const n = Number(r.hours)
        let error = ''
        if (r.hours === '' || !isFinite(n) || n <= 0) error = '服务时数应大于 0'
        else if (Math.round(n * 10) !== n * 10) error = '服务时数最多保留一位小数'
        return Object.assign({}, r, { error })
      })
      const counts = {}
      COUNTS.forEach((k) => {
        if (!/^\d+$/.test(String(d.counts[k] || '').trim())) errors[k] = '应为不小于 0 的整数'
        else counts[k] = Number(d.counts[k])
      })
      if (!errors.beneficiary_headcount && counts.beneficiary_headcount > counts.beneficiary_person_times) errors.beneficiary_headcount = '服务对象人数不能多于人次'
      if (!errors.volunteer_headcount && counts.volunteer_headcount > counts.volunteer_person_times) errors.volunteer_headcount = '服务人员人数不能多于人次'
      SUMMARIES.forEach((k) => {
        const v = String(d.summaries[k] || '').trim()
        if (!v) errors[k] = '请填写'
        else if (v.length > 500) errors[k] = '最多 500 字'
      })
      d.ratings.forEach((r) => { if (!(r.value >= 1 && r.value <= 5)) errors[r.key] = '请评分' })
      if (!d.photoIds.length) errors.photo_ids = '请上传至少 1 张服务照片'

      this.setData({ errors, rows })
      if (Object.keys(errors).length || rows.some((r) => r.error)) return null
      const body = Object.assign({
        service_date_start: d.startDate,
        service_date_end: d.endDate,
        hours: rows.map((r) => ({ take_id: r.take_id, hours: Number(r.hours) })),
        service_summary: d.summaries.service_summary.trim(),
        effect_summary: d.summaries.effect_summary.trim(),
        photo_ids: d.photoIds,
      }, counts)
      d.ratings.forEach((r) => { body[r.key] = r.value })
      return body
    },
    async send(body) {
      this.setData({ busy: true })
      try {
        const cert = await api.certifications.file({ order_id: this.data.orderId }, body)
        this.setData({ busy: false })
        ui.toast('已提交，等待审核')
        wx.redirectTo({ url: '/packages/station/certification/index?id=' + cert.id })
      } catch (err) {
        this.setData({ busy: false })
        if (err.status === 422) this.showServerErrors(err)
        ui.showError(err)
      }
    },
    // `hours` errors come per row ({"0": {"hours": [...]}}) or for the whole list (["..."]).
    showServerErrors(err) {
      const raw = (err.errors || {}).hours
      const change = { errors: ui.fieldErrors(err), hoursError: '' }
      delete change.errors.hours
      if (Array.isArray(raw)) change.hoursError = String(raw[0])
      else if (raw && typeof raw === 'object') {
        Object.keys(raw).forEach((i) => {
          const messages = raw[i] || {}
          const first = [].concat(messages.hours || [], messages.take_id || [])[0]
          if (this.data.rows[i] && first) change['rows[' + i + '].error'] = String(first)
        })
      }
      this.setData(change)
    },
  },
})
