// One wish order as station staff and the association see it: every field, the 订单跟踪 timeline, and the
// actions the caller may take now. The server lists the allowed actions (`actions`, filtered by
// permission); the page also keeps station buttons to station staff and review buttons to the
// association, so a person of both roles sees each under the right hat.
const api = require('../../../api/index')
const auth = require('../../../utils/auth')
const roles = require('../../../utils/roles')
const format = require('../../../utils/format')
const subscribe = require('../../../utils/subscribe')
const ui = require('../../../utils/ui')
const labels = require('../review-labels')

const STATION_ACTIONS = ['first_approve', 'first_reject', 'resubmit', 'edit', 'cancel', 'mark_expired', 'close_recruitment', 'abort']
const ASSOCIATION_ACTIONS = ['final_approve', 'final_reject']
const REASON_TITLES = { first_reject: '初审不通过的原因', final_reject: '终审不通过的原因', cancel: '取消订单的原因', abort: '中止服务的原因' }
const CONFIRMS = {
  first_approve: '初审通过后提交市志愿者协会终审', final_approve: '终审通过后订单开放接单并派单给志愿者',
  resubmit: '重新提交后等待社工站初审', mark_expired: '过期后待审核的接单随之作废',
  close_recruitment: '完成招募后订单进入进行中，待审核的接单不再录用',
}
const DANGER = { first_reject: true, final_reject: true, cancel: true, abort: true, mark_expired: true }
// The order statuses in which takers are still worth opening (review while recruiting, follow after).
const TAKES_STATUSES = ['open', 'in_progress', 'to_evaluate', 'completed']
const GENDERS = { male: '男', female: '女', unknown: '未知' }

const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase())

Component({
  data: { id: null, order: null, events: [], buttons: [], loading: true, error: '', busy: false },
  methods: {
    onLoad(query) {
      this.setData({ id: (query || {}).id })
      subscribe.preload() // 重新提交 asks for the review result inside its tap
      return this.load()
    },
    async load() {
      this.setData({ loading: true, error: '' })
      try {
        const [order, events, me] = await Promise.all([
          api.orders.get({ order_id: this.data.id }),
          api.orders.events({ order_id: this.data.id }),
          auth.currentUser(),
        ])
        this.setData({ order: this.decorate(order), events: (events || []).map(this.decorateEvent), buttons: this.buttonsFor(order, me), loading: false })
      } catch (err) {
        this.setData({ loading: false, error: err.message || '加载失败' })
      }
    },
    decorate(o) {
      const b = o.beneficiary
      return Object.assign({}, o, {
        tagType: labels.tagType(o.status),
        serviceText: format.dateTime(o.starts_at) + ' 至 ' + format.dateTime(o.ends_at),
        deadlineText: format.dateTime(o.take_deadline),
        createdText: format.dateTime(o.created_at),
        updatedText: format.dateTime(o.updated_at),
        beneficiaryText: b ? [b.name, GENDERS[b.gender], b.age ? b.age + '岁' : ''].filter(Boolean).join('，') : '',
      })
    },
    decorateEvent(e) {
      return Object.assign({}, e, {
        atText: format.dateTime(e.at),
        change: e.from_status_label && e.to_status_label ? e.from_status_label + ' → ' + e.to_status_label : (e.to_status_label || ''),
      })
    },
    buttonsFor(order, me) {
      const station = roles.has(me, 'station')
      const association = roles.has(me, 'association')
      const out = (order.actions || []).filter((a) => (station && STATION_ACTIONS.indexOf(a.action) >= 0) ||
        (association && ASSOCIATION_ACTIONS.indexOf(a.action) >= 0))
        .map((a) => ({ action: a.action, label: a.label, type: DANGER[a.action] ? 'danger' : 'primary', plain: Boolean(DANGER[a.action]) }))
      if (station && TAKES_STATUSES.indexOf(order.status) >= 0) out.push({ action: 'takes', label: '接单审核', type: 'default' })
      // 时数认证 files a new certification: only while none is pending or approved (a rejected one is
      // filed again); the existing one opens from the 时数认证 cell.
      const cert = order.certification
      const filed = cert && (cert.status === 'pending' || cert.status === 'approved')
      // An aborted service is certified for the hours served before the abort.
      if (station && (order.status === 'to_evaluate' || order.status === 'aborted') && !filed) out.push({ action: 'certify', label: '时数认证', type: 'primary' })
      return out
    },
    onAction(e) {
      const name = e.currentTarget.dataset.action
      const id = this.data.id
      if (name === 'resubmit') subscribe.ask(['review_result']) // synchronously inside the tap
      if (name === 'edit') return wx.navigateTo({ url: '/packages/station/order-form/index?id=' + id })
      if (name === 'takes') return wx.navigateTo({ url: '/packages/station/takes/index?order_id=' + id })
      if (name === 'certify') return wx.navigateTo({ url: '/packages/station/certify/index?order_id=' + id })
      return this.run(name, e.currentTarget.dataset.label)
    },
    onCertification() {
      wx.navigateTo({ url: '/packages/station/certification/index?id=' + this.data.order.certification.id })
    },
    async run(name, label) {
      if (this.data.busy) return
      let body
      if (REASON_TITLES[name]) {
        const reason = await ui.askReason(REASON_TITLES[name])
        if (reason === null) return
        body = { reason }
      } else if (!(await ui.confirm('确定' + label + '？', CONFIRMS[name]))) {
        return
      }
      this.setData({ busy: true })
      try {
        await api.orders[camel(name)]({ order_id: this.data.id }, body)
        this.setData({ busy: false })
        ui.toast('已' + label)
        await this.load()
      } catch (err) {
        this.setData({ busy: false })
        ui.showError(err)
        // Someone else moved the order first: show where it is now.
        if (err.status === 409) await this.load()
      }
    },
  },
})
