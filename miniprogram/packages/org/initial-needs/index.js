// 初始需求 (a league): needs posted by the public in the league's region. 采纳 turns one into a formal
// need of this league (the form fills what the initial need lacks: time, headcount, leader); 不采纳
// needs a reason. Both notify the person who posted it.
const api = require('../../../api/index')
const ui = require('../../../utils/ui')
const format = require('../../../utils/format')
const { listBehavior } = require('../../../utils/paging')
const common = require('../common')

const REQUIRED = {
  title: '请填写需求标题', content: '请填写需求内容', start_day: '请选择开始日期', start_time: '请选择开始时间',
  end_day: '请选择结束日期', end_time: '请选择结束时间', leader_name: '请填写负责人姓名', leader_mobile: '请填写负责人手机',
}

Component({
  behaviors: [listBehavior],
  data: {
    status: 'pending',
    statusOptions: [{ text: '全部', value: '' }].concat(Object.keys(common.INITIAL_STATUS).map((k) => ({ text: common.INITIAL_STATUS[k], value: k }))),
    zones: common.zoneRows([]),
    adopting: null, // the initial need being adopted (popup open)
    form: {},
    errors: {},
    busy: false,
  },
  methods: {
    onLoad() {
      this.source = () => api.initialNeeds.list({ status: this.data.status || null }).then((res) => ({ items: res.items || [], next: null }))
      common.currentOrg().then((org) => { this.org = org }, () => null)
      // The zones are only for the adopt form: a failure leaves "no zone".
      api.needs.zones({ active: true }).then((zones) => this.setData({ zones: common.zoneRows(zones) }), () => null)
      return this.reload()
    },
    decorate(item) {
      return Object.assign({}, item, {
        statusText: common.INITIAL_STATUS[item.status] || item.status_label,
        tagType: common.TAG_TYPE[item.status] || 'default',
        createdText: format.dateTime(item.created_at),
      })
    },
    onStatus(e) {
      this.setData({ status: e.detail })
      return this.reload()
    },
    onInput: common.onInput,
    onHeadcount(e) {
      this.setData({ 'form.headcount': e.detail, 'errors.headcount': '' })
    },
    onAdoptOpen(e) {
      const item = this.data.items.find((i) => i.id === e.currentTarget.dataset.id)
      this.setData({
        adopting: item,
        errors: {},
        form: {
          zone_index: 0, title: item.title, content: item.content, start_day: '', start_time: '', end_day: '',
          end_time: '', headcount: 1, leader_name: '', leader_mobile: '', leader_landline: '',
        },
      })
    },
    onAdoptClose() {
      this.setData({ adopting: null })
    },
    async onAdopt() {
      if (this.data.busy) return
      const f = this.data.form
      const errors = common.missing(f, REQUIRED)
      if (Object.keys(errors).length) return this.setData({ errors })
      const body = Object.assign({
        organisation_id: this.org ? this.org.id : null,
        zone_id: this.data.zones[Number(f.zone_index)].id,
      }, common.needFields(f))
      this.setData({ busy: true, errors: {} })
      try {
        const need = await api.initialNeeds.adopt({ initial_id: this.data.adopting.id }, body)
        this.setData({ busy: false, adopting: null })
        ui.toast('已采纳')
        wx.navigateTo({ url: '/packages/org/need/index?id=' + need.id })
        this.reload()
      } catch (err) {
        this.setData({ busy: false, errors: ui.fieldErrors(err) })
        ui.showError(err)
        // 409: someone of the league handled it meanwhile; the list shows what it became.
        if (err.status === 409) {
          this.setData({ adopting: null })
          this.reload()
        }
      }
    },
    async onDecline(e) {
      const id = e.currentTarget.dataset.id
      const reason = await ui.askReason('不采纳', '请填写不采纳的原因')
      if (!reason || this.data.busy) return
      this.setData({ busy: true })
      try {
        await api.initialNeeds.decline({ initial_id: id }, { reason })
        ui.toast('已处理')
      } catch (err) {
        ui.showError(err)
      }
      this.setData({ busy: false })
      return this.reload()
    },
    onOpenNeed(e) {
      wx.navigateTo({ url: '/packages/org/need/index?id=' + e.currentTarget.dataset.id })
    },
  },
})
