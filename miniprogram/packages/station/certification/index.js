// One hours certification: each taker's hours (and, once approved, the points credited), the counts,
// the summaries, the six ratings and the photos. The association reviews it here (审核通过 credits the
// takers and completes the order; 审核不通过 returns it to the station with a reason). Which of those the
// caller may do now is the server's answer (`actions`), not a guess from roles and status.
const api = require('../../../api/index')
const format = require('../../../utils/format')
const ui = require('../../../utils/ui')
const labels = require('../review-labels')

Component({
  data: { id: null, cert: null, ratings: [], canApprove: false, canReject: false, loading: true, error: '', busy: false },
  methods: {
    onLoad(query) {
      this.setData({ id: (query || {}).id })
      return this.load()
    },
    async load() {
      this.setData({ loading: true, error: '' })
      try {
        this.show(await api.certifications.get({ certification_id: this.data.id }))
      } catch (err) {
        this.setData({ loading: false, error: err.message || '加载失败' })
      }
    },
    show(cert) {
      const allowed = (cert.actions || []).map((a) => a.action)
      this.setData({
        loading: false,
        cert: Object.assign({}, cert, {
          tagType: labels.tagType(cert.status),
          datesText: cert.service_date_start === cert.service_date_end ? cert.service_date_start : cert.service_date_start + ' 至 ' + cert.service_date_end,
          serviceText: format.dateTime(cert.service_starts_at) + ' 至 ' + format.dateTime(cert.service_ends_at),
          filedText: format.dateTime(cert.filed_at),
          reviewedText: format.dateTime(cert.reviewed_at),
          hours: (cert.hours || []).map((h) => Object.assign({}, h, { kind: h.taker_type === 'provider' ? '接单服务商' : '志愿者' })),
        }),
        ratings: labels.RATINGS.map((r) => ({ key: r.key, label: r.label, value: cert[r.key] })),
        canApprove: allowed.indexOf('approve') >= 0,
        canReject: allowed.indexOf('reject') >= 0,
      })
    },
    onPreview(e) {
      const urls = this.data.cert.photos.map((p) => p.url)
      wx.previewImage({ urls, current: urls[e.currentTarget.dataset.index] })
    },
    onOrder() {
      wx.navigateTo({ url: '/packages/station/order/index?id=' + this.data.cert.order_id })
    },
    async onApprove() {
      if (this.data.busy) return
      if (!(await ui.confirm('确定审核通过？', '通过后订单完成，接单人的积分即时到账'))) return
      await this.review('approve', undefined, '已审核通过')
    },
    async onReject() {
      if (this.data.busy) return
      const reason = await ui.askReason('审核不通过的原因', '退回社工站修改的原因')
      if (reason === null) return
      await this.review('reject', { reason }, '已退回社工站')
    },
    async review(name, body, done) {
      this.setData({ busy: true })
      try {
        const cert = await api.certifications[name]({ certification_id: this.data.id }, body)
        this.setData({ busy: false })
        ui.toast(done)
        this.show(cert)
      } catch (err) {
        this.setData({ busy: false })
        ui.showError(err)
        // Reviewed by someone else meanwhile: show the result.
        if (err.status === 409) await this.load()
      }
    },
  },
})
