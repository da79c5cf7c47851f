// 加入服务社区: where I serve now, my applications (with reject reasons; a pending one can be
// withdrawn), and, when nothing is pending, a community search and the application form.
const api = require('../../../api/index')
const format = require('../../../utils/format')
const paging = require('../../../utils/paging')
const subscribe = require('../../../utils/subscribe')
const ui = require('../../../utils/ui')

const EMPTY_FORM = { real_name: '', id_card_number: '', work_unit: '', is_party_member: false }

Component({
  behaviors: [paging.listBehavior],
  data: {
    mineLoading: true,
    mineError: '',
    membership: null,
    joinedOn: '',
    applications: [],
    pending: null,
    keyword: '',
    selected: null,
    form: EMPTY_FORM,
    errors: {},
    busy: false,
  },
  methods: {
    onLoad() {
      subscribe.preload()
      this.source = paging.beforeId(api.community.communities, () => ({ name: this.data.keyword }),
        { nextKey: 'next_after_id', paramKey: 'after_id' })
      return Promise.all([this.loadMine(), this.reload()])
    },
    async loadMine() {
      this.setData({ mineLoading: true, mineError: '' })
      try {
        const [membership, applications] = await Promise.all([api.community.membership(), api.community.myApplications()])
        const rows = (applications || []).map((a) => Object.assign({}, a, { time: format.dateTime(a.created_at) }))
        const pending = membership.pending_application || rows.find((a) => a.status === 'pending') || null
        this.setData({
          mineLoading: false, membership, applications: rows, pending, joinedOn: format.date(membership.joined_at),
          'form.work_unit': this.data.form.work_unit || membership.work_unit || '',
          'form.is_party_member': Boolean(this.data.form.is_party_member || membership.is_party_member),
        })
      } catch (err) {
        this.setData({ mineLoading: false, mineError: err.message })
      }
    },
    onRetryMine() { return this.loadMine() },

    async onWithdraw(e) {
      const id = e.currentTarget.dataset.id
      if (!(await ui.confirm('撤回申请', '确定撤回这份申请吗？'))) return
      try {
        await api.community.withdrawApplication({ application_id: id })
        ui.toast('已撤回')
      } catch (err) {
        ui.showError(err)
      }
      return this.loadMine()
    },

    onKeyword(e) { this.setData({ keyword: e.detail }) },
    onSearch(e) {
      this.setData({ keyword: (e.detail || '').trim() })
      return this.reload()
    },
    onPick(e) {
      const c = this.data.items[e.currentTarget.dataset.index]
      this.setData({ selected: { id: c.id, name: c.name }, errors: {} })
    },
    onUnpick() { this.setData({ selected: null, errors: {} }) },
    onField(e) {
      const field = e.currentTarget.dataset.field
      this.setData({ ['form.' + field]: e.detail, ['errors.' + field]: '' })
    },

    validate(form) {
      const errors = {}
      if (!form.real_name.trim()) errors.real_name = '请填写真实姓名'
      if (!/^\d{17}[\dXx]$/.test(form.id_card_number.trim())) errors.id_card_number = '请填写 18 位身份证号码'
      if (!form.work_unit.trim()) errors.work_unit = '请填写工作单位'
      return errors
    },
    async onSubmit() {
      subscribe.ask(['review_result'])
      if (this.data.busy || !this.data.selected) return
      const form = this.data.form
      const errors = this.validate(form)
      if (Object.keys(errors).length) return this.setData({ errors })
      this.setData({ busy: true })
      try {
        await api.community.apply(null, {
          community_id: this.data.selected.id,
          real_name: form.real_name.trim(),
          id_card_number: form.id_card_number.trim().toUpperCase(),
          work_unit: form.work_unit.trim(),
          is_party_member: Boolean(form.is_party_member),
        })
        this.setData({ busy: false, selected: null, form: Object.assign({}, EMPTY_FORM), errors: {} })
        ui.toast('申请已提交')
        return this.loadMine()
      } catch (err) {
        this.setData({ busy: false, errors: ui.fieldErrors(err) })
        ui.showError(err)
        if (err.status === 409) this.loadMine()
      }
    },
  },
})
