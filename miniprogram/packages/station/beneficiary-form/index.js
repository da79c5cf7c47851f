// 服务对象录入 / 修改: every field of the station's form (DOMAIN.md §3.1, the seed's 服务对象添加):
// identity (ID number checked here; gender and age follow from it), dictionary fields, household and
// residence, 1–9 proof photos, and who filled it in. New entries wait for the station's review.
const api = require('../../../api/index')
const auth = require('../../../utils/auth')
const roles = require('../../../utils/roles')
const subscribe = require('../../../utils/subscribe')
const ui = require('../../../utils/ui')
const checks = require('../checks')
const regionPicker = require('./regions')

const DICTS = { category_code: 'beneficiary_category', political_status_code: 'political_status', self_care_level_code: 'self_care_level', living_status_code: 'living_status' }
const TEXT_FIELDS = ['name', 'phone', 'id_card_number', 'household_address', 'residential_address', 'remarks', 'filler_name', 'filler_phone']
const REQUIRED = ['name', 'phone', 'id_card_number', 'gender', 'age', 'category_code', 'political_status_code', 'living_status_code', 'household_street_code', 'household_address', 'community_code', 'residential_address', 'filler_name', 'filler_phone']

const EMPTY = {
  name: '', phone: '', id_card_number: '', gender: '', age: '', category_code: '', political_status_code: '',
  self_care_level_code: '', living_status_code: '', household_street_code: '', household_address: '',
  community_code: '', residential_address: '', remarks: '', proof_upload_ids: [], filler_name: '', filler_phone: '',
}

const codeOf = (v) => (v && v.code) || ''

Component({
  behaviors: [regionPicker],
  data: {
    id: null, loading: true, loadError: '', busy: false,
    form: Object.assign({}, EMPTY), errors: {}, uploads: [],
    dicts: { category_code: [], political_status_code: [], self_care_level_code: [], living_status_code: [] },
    labels: {},
  },
  methods: {
    onLoad(query) {
      this.setData({ id: (query && query.id) || null })
      wx.setNavigationBarTitle({ title: query && query.id ? '修改服务对象' : '服务对象录入' })
      subscribe.preload()
      return this.load()
    },
    async load() {
      this.setData({ loading: true, loadError: '' })
      try {
        const me = await auth.currentUser()
        const station = roles.organisationsOf(me, 'station')[0]
        const kinds = Object.keys(DICTS)
        const [lists, b] = await Promise.all([
          Promise.all(kinds.map((k) => api.catalogues.list({ kind: DICTS[k] }))),
          this.data.id ? api.beneficiaries.get({ beneficiary_id: this.data.id }) : null,
        ])
        const dicts = {}
        kinds.forEach((k, i) => { dicts[k] = lists[i] || [] })
        const form = b ? this.fromDetail(b) : Object.assign({}, EMPTY, { filler_name: me.real_name || '' })
        this.original = b ? JSON.parse(JSON.stringify(form)) : null
        await this.loadRegions(station && station.region, b ? codeOf(b.household_district) : null, form, b)
        this.setData({ loading: false, dicts, form, uploads: b ? (b.proof_images || []).map((p) => ({ id: p.id, url: p.url })) : [] })
        this.refreshLabels()
      } catch (err) {
        this.setData({ loading: false, loadError: err.message || '加载失败' })
      }
    },
    fromDetail(b) {
      return {
        name: b.name, phone: b.phone, id_card_number: b.id_card_number, gender: b.gender, age: String(b.age),
        category_code: codeOf(b.category), political_status_code: codeOf(b.political_status),
        self_care_level_code: codeOf(b.self_care_level), living_status_code: codeOf(b.living_status),
        household_street_code: codeOf(b.household_street), household_address: b.household_address || '',
        community_code: codeOf(b.community), residential_address: b.residential_address || '', remarks: b.remarks || '',
        proof_upload_ids: (b.proof_images || []).map((p) => p.id), filler_name: b.filler_name || '', filler_phone: b.filler_phone || '',
      }
    },
    refreshLabels() {
      const f = this.data.form
      const nameIn = (list, code) => ((list || []).find((x) => x.code === code) || {}).name || ''
      const labels = {}
      Object.keys(DICTS).forEach((k) => { labels[k] = nameIn(this.data.dicts[k], f[k]) })
      labels.district = nameIn(this.data.districts, this.data.districtCode)
      labels.household_street_code = nameIn(this.data.streets, f.household_street_code)
      labels.community_code = nameIn(this.data.communities, f.community_code)
      this.setData({ labels })
    },
    set(field, value) {
      this.setData({ ['form.' + field]: value, ['errors.' + field]: '' })
    },
    onInput(e) {
      const field = e.currentTarget.dataset.field
      this.set(field, e.detail)
      if (field === 'id_card_number') this.fromIdCard(e.detail)
    },
    // A valid ID number says the birth date and sex: fill gender and age so they cannot disagree.
    fromIdCard(value) {
      const card = checks.idCard(value)
      if (card.error) return
      this.setData({ 'form.gender': card.gender, 'form.age': String(card.age), 'errors.gender': '', 'errors.age': '' })
    },
    onGender(e) {
      this.set('gender', e.detail)
    },
    onPick(e) {
      const field = e.currentTarget.dataset.field
      const item = this.data.dicts[field][Number(e.detail.value)]
      this.set(field, item ? item.code : '')
      this.refreshLabels()
    },
    onClearSelfCare() {
      this.set('self_care_level_code', '')
      this.refreshLabels()
    },
    onPhotos(e) {
      this.set('proof_upload_ids', e.detail.ids)
      this.setData({ uploads: e.detail.images })
    },
    validate() {
      const f = this.data.form
      const errors = {}
      REQUIRED.forEach((k) => { if (String(f[k] === undefined || f[k] === null ? '' : f[k]).trim() === '') errors[k] = '该字段为必填项' })
      if (f.name.trim() && checks.name(f.name)) errors.name = checks.name(f.name)
      if (f.filler_name.trim() && checks.name(f.filler_name)) errors.filler_name = checks.name(f.filler_name)
      ;['phone', 'filler_phone'].forEach((k) => { if (f[k].trim() && this.changed(k) && checks.phone(f[k])) errors[k] = checks.phone(f[k]) })
      if (f.id_card_number.trim() && this.changed('id_card_number')) {
        const card = checks.idCard(f.id_card_number)
        if (card.error) errors.id_card_number = card.error
        else {
          if (f.gender && f.gender !== card.gender) errors.gender = '性别与身份证号码不符（身份证号码显示为' + (card.gender === 'male' ? '男' : '女') + '）'
          if (String(f.age).trim() && Number(f.age) !== card.age) errors.age = '年龄与身份证号码中的出生日期不符（按出生日期应为 ' + card.age + ' 岁）'
        }
      }
      if (String(f.age).trim() && !/^\d{1,3}$/.test(String(f.age).trim())) errors.age = '年龄应在 0 到 150 之间'
      if (!f.proof_upload_ids.length) errors.proof_upload_ids = '请上传证明材料（至少 1 张图片）'
      return errors
    },
    // Masked values (another station's entry) are only sent when retyped.
    changed(field) {
      return !this.original || JSON.stringify(this.original[field]) !== JSON.stringify(this.data.form[field])
    },
    body() {
      const f = this.data.form
      const out = {}
      Object.keys(EMPTY).forEach((k) => {
        let v = f[k]
        if (TEXT_FIELDS.includes(k)) v = String(v).trim()
        if (k === 'age') v = Number(String(v).trim())
        if (k === 'id_card_number') v = v.toUpperCase()
        if ((k === 'remarks' || k === 'self_care_level_code') && !v) v = null
        if (this.changed(k)) out[k] = v
      })
      return out
    },
    onSubmit() {
      // First, before any await: WeChat only shows the popup inside the tap.
      subscribe.ask(['review_result'])
      return this.submit()
    },
    async submit() {
      if (this.data.busy) return
      const errors = this.validate()
      if (Object.keys(errors).length) {
        this.setData({ errors })
        ui.showError({ message: errors[Object.keys(errors)[0]] })
        return
      }
      const body = this.body()
      this.setData({ busy: true })
      try {
        const saved = this.data.id
          ? await api.beneficiaries.update({ beneficiary_id: this.data.id }, body)
          : await api.beneficiaries.create(null, body)
        this.setData({ busy: false })
        ui.toast(this.data.id ? '已保存' : '已提交审核')
        wx.redirectTo({ url: '/packages/station/beneficiary/index?id=' + saved.id })
      } catch (err) {
        const fields = ui.fieldErrors(err)
        if (err.status === 409 && err.error === 'beneficiary_exists') fields.id_card_number = err.message
        this.setData({ busy: false, errors: fields })
        ui.showError(err)
      }
    },
  },
})
