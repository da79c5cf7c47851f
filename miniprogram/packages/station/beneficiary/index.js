// 服务对象详情: every field of the entry (ID number and phones in clear only for the owning station, as
// the server sends them), the proof photos, the review history, and the actions the server offers for
// the current status (审核通过 / 审核不通过 / 禁用 / 启用 / 重新提交 / 修改 / 删除).
const api = require('../../../api/index')
const format = require('../../../utils/format')
const subscribe = require('../../../utils/subscribe')
const ui = require('../../../utils/ui')
const labels = require('../labels')

// Server action → button, in the order they are shown; requests are in `run` below.
const BUTTONS = [
  { action: 'approve', label: '审核通过', type: 'primary' },
  { action: 'reject', label: '审核不通过', type: 'danger' },
  { action: 'resubmit', label: '重新提交', type: 'primary' },
  { action: 'edit', label: '修改', type: 'default' },
  { action: 'disable', label: '禁用', type: 'warning' },
  { action: 'enable', label: '启用', type: 'primary' },
  { action: 'delete', label: '删除', type: 'danger' },
]

const name = (v) => (v && v.name) || ''

Component({
  data: { id: null, loading: true, error: '', b: null, fields: [], photos: [], events: [], buttons: [], busy: '' },
  methods: {
    onLoad(query) {
      this.setData({ id: query && query.id })
      return this.load()
    },
    onShow() {
      // Back from the edit form: show what was saved.
      if (this._shown && this.data.b) return this.load()
      this._shown = true
      return null
    },
    async load() {
      this.setData({ loading: !this.data.b, error: '' })
      try {
        const params = { beneficiary_id: this.data.id }
        const [b, events] = await Promise.all([api.beneficiaries.get(params), api.beneficiaries.events(params)])
        const actions = b.actions || []
        if (actions.includes('resubmit')) subscribe.preload()
        this.setData({
          loading: false,
          b,
          fields: this.fields(b),
          photos: (b.proof_images || []).map((p) => p.url),
          events: (events || []).map((e) => Object.assign({}, e, { when: format.dateTime(e.at) })),
          buttons: BUTTONS.filter((btn) => actions.includes(btn.action)),
        })
      } catch (err) {
        // A failed refresh after an action keeps what is on screen; only a first load shows the error page.
        if (this.data.b) {
          this.setData({ loading: false })
          ui.showError(err)
          return
        }
        this.setData({ loading: false, error: err.message || '加载失败' })
      }
    },
    fields(b) {
      return [
        ['姓名', b.name], ['联系电话', b.phone], ['身份证号码', b.id_card_number],
        ['性别', labels.GENDER[b.gender]], ['年龄', b.age === undefined ? '' : b.age + ' 岁'],
        ['服务对象类别', name(b.category)], ['政治面貌', name(b.political_status)],
        ['自理能力等级', name(b.self_care_level) || '未填写'], ['居住状态', name(b.living_status)],
        ['户籍区域', name(b.household_district)], ['户籍街道', name(b.household_street)],
        ['户籍地址', b.household_address], ['所在社区', name(b.community)], ['居住地址', b.residential_address],
        ['备注', b.remarks || '无'], ['填写人姓名', b.filler_name], ['填写人联系方式', b.filler_phone],
        ['所属社工站', name(b.station)], ['收到捐赠积分', (b.donated_points || 0) + ' 积分'],
        ['最后修改时间', format.dateTime(b.updated_at)],
      ].map(([label, value]) => ({ label, value: value === undefined || value === null ? '' : String(value) }))
    },
    onPreview(e) {
      const urls = this.data.photos
      wx.previewImage({ urls, current: urls[e.currentTarget.dataset.index] })
    },
    onAction(e) {
      const action = e.currentTarget.dataset.action
      // The subscribe popup only shows synchronously inside the tap.
      if (action === 'resubmit') subscribe.ask(['review_result'])
      return this.run(action)
    },
    async run(action) {
      if (this.data.busy) return
      const params = { beneficiary_id: this.data.id }
      if (action === 'edit') {
        wx.navigateTo({ url: '/packages/station/beneficiary-form/index?id=' + this.data.id })
        return
      }
      let body
      if (action === 'reject') {
        const reason = await ui.askReason('审核不通过', '请填写不通过的原因（录入人可见）')
        if (!reason) return
        body = { reason }
      }
      if (action === 'delete' && !(await ui.confirm('删除服务对象', '删除后不可恢复，确定删除“' + this.data.b.name + '”吗？'))) return
      if (action === 'disable' && !(await ui.confirm('禁用服务对象', '禁用后不能再为其发单，确定禁用吗？'))) return
      this.setData({ busy: action })
      try {
        if (action === 'delete') {
          await api.beneficiaries.remove(params)
          this.setData({ busy: '' })
          ui.toast('已删除')
          wx.navigateBack()
          return
        }
        await api.beneficiaries[action](params, body)
        this.setData({ busy: '' })
        ui.toast(BUTTONS.find((b) => b.action === action).label + '成功')
      } catch (err) {
        this.setData({ busy: '' })
        ui.showError(err)
      }
      await this.load()
    },
  },
})
