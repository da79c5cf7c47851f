// 我要发单 / 修改订单: a wish order for an active beneficiary with every field of the form (DOMAIN.md §3.2,
// the seed's 需求发布): title, need type, beneficiary, service item and type, district and street, map
// location and address, service start and end, take deadline, recruit count, notes, traffic guide and
// content. It then waits for the station's first review.
const api = require('../../../api/index')
const auth = require('../../../utils/auth')
const roles = require('../../../utils/roles')
const subscribe = require('../../../utils/subscribe')
const ui = require('../../../utils/ui')
const labels = require('../labels')
const times = require('./times')

const TEXTS = ['title', 'address', 'taker_notes', 'traffic_guide', 'content']
const PICKS = ['need_type', 'beneficiary_id', 'service_item_code', 'service_type_code', 'district_code', 'street_code']
const codeOf = (v) => (v && v.code) || ''
const blankTimes = () => ({ take_deadline: { day: '', time: '' }, starts_at: { day: '', time: '' }, ends_at: { day: '', time: '' } })

Component({
  data: {
    id: null, loading: true, loadError: '', busy: false, errors: {},
    form: { title: '', need_type: 'for_others', beneficiary_id: null, service_item_code: '', service_type_code: '', district_code: '', street_code: '', latitude: null, longitude: null, address: '', recruit_count: 1, taker_notes: '', traffic_guide: '', content: '' },
    picked: blankTimes(), placeName: '',
    needTypes: labels.NEED_TYPES, beneficiaries: [], items: [], types: [], districts: [], streets: [], shown: {},
  },
  methods: {
    onLoad(query) {
      const q = query || {}
      this.setData({ id: q.id || null, 'form.beneficiary_id': q.beneficiary_id ? Number(q.beneficiary_id) : null })
      wx.setNavigationBarTitle({ title: q.id ? '修改订单' : '我要发单' })
      subscribe.preload()
      return this.load()
    },
    async load() {
      this.setData({ loading: true, loadError: '' })
      try {
        const me = await auth.currentUser()
        const station = roles.organisationsOf(me, 'station')[0]
        const [people, items, types, districts, order] = await Promise.all([
          api.beneficiaries.list({ status: 'active', page: 1, page_size: 100 }),
          api.catalogues.list({ kind: 'service_item' }),
          api.catalogues.list({ kind: 'service_type' }),
          api.regions.list({ level: 'district' }),
          this.data.id ? api.orders.get({ order_id: this.data.id }) : null,
        ])
        const form = order ? this.fromOrder(order) : Object.assign({}, this.data.form)
        if (!order && station && station.region) {
          // The station's own street is where its orders usually are (the server refuses others).
          form.street_code = station.region.code
          form.district_code = station.region.parent_code || ''
        }
        const streets = form.district_code ? await api.regions.list({ parent_code: form.district_code }) : []
        const beneficiaries = (people.items || []).map((b) => ({ id: b.id, label: b.name + '（' + b.age + '岁）' }))
        if (order && order.beneficiary && !beneficiaries.some((b) => b.id === order.beneficiary.id)) {
          beneficiaries.unshift({ id: order.beneficiary.id, label: order.beneficiary.name })
        }
        this.original = order ? JSON.parse(JSON.stringify(this.body(form, this.data.picked))) : null
        this.setData({ loading: false, form, beneficiaries, items, types, districts, streets })
        this.refresh()
      } catch (err) {
        this.setData({ loading: false, loadError: err.message || '加载失败' })
      }
    },
    fromOrder(o) {
      const picked = {}
      times.FIELDS.forEach((f) => { picked[f] = times.split(o[f]) })
      this.setData({ picked, placeName: o.address })
      return {
        title: o.title, need_type: o.need_type, beneficiary_id: o.beneficiary ? o.beneficiary.id : null,
        service_item_code: codeOf(o.service_item), service_type_code: codeOf(o.service_type),
        district_code: codeOf(o.district), street_code: codeOf(o.street), latitude: o.latitude, longitude: o.longitude,
        address: o.address, recruit_count: o.recruit_count, taker_notes: o.taker_notes, traffic_guide: o.traffic_guide, content: o.content,
      }
    },
    // Names shown in the picker cells.
    refresh() {
      const f = this.data.form
      const find = (list, key, value) => (list || []).find((x) => x[key] === value) || {}
      this.setData({ shown: {
        need_type: find(this.data.needTypes, 'value', f.need_type).label,
        beneficiary_id: find(this.data.beneficiaries, 'id', f.beneficiary_id).label,
        service_item_code: find(this.data.items, 'code', f.service_item_code).name,
        service_type_code: find(this.data.types, 'code', f.service_type_code).name,
        district_code: find(this.data.districts, 'code', f.district_code).name,
        street_code: find(this.data.streets, 'code', f.street_code).name,
      } })
    },
    set(field, value) {
      this.setData({ ['form.' + field]: value, ['errors.' + field]: '' })
    },
    onInput(e) {
      this.set(e.currentTarget.dataset.field, e.detail)
    },
    onCount(e) {
      this.set('recruit_count', Number(e.detail))
    },
    onPick(e) {
      const { field, list, key } = e.currentTarget.dataset
      const item = this.data[list][Number(e.detail.value)]
      if (!item) return null
      this.set(field, item[key])
      this.refresh()
      if (field === 'district_code') return this.loadStreets(item.code)
      return null
    },
    async loadStreets(district) {
      this.setData({ streets: [], 'form.street_code': '' })
      try {
        this.setData({ streets: await api.regions.list({ parent_code: district }) })
      } catch (err) {
        ui.showError(err)
      }
      this.refresh()
    },
    onTime(e) {
      const { field, part } = e.currentTarget.dataset
      this.setData({ ['picked.' + field + '.' + part]: e.detail.value, ['errors.' + field]: '' })
    },
    onLocation() {
      wx.chooseLocation({
        success: (res) => {
          this.setData({ placeName: res.name || res.address, 'form.latitude': res.latitude, 'form.longitude': res.longitude, 'errors.latitude': '' })
          if (!this.data.form.address.trim()) this.set('address', [res.address, res.name].filter(Boolean).join(' '))
        },
      })
    },
    body(form, picked) {
      const out = {}
      TEXTS.forEach((k) => { out[k] = String(form[k] || '').trim() })
      PICKS.forEach((k) => { out[k] = form[k] })
      Object.assign(out, { latitude: form.latitude, longitude: form.longitude, recruit_count: form.recruit_count })
      times.FIELDS.forEach((f) => { out[f] = times.iso(picked[f]) })
      return out
    },
    validate(body) {
      const errors = times.check(this.data.picked)
      TEXTS.concat(PICKS).forEach((k) => { if (body[k] === null || body[k] === undefined || body[k] === '') errors[k] = '该字段为必填项' })
      if (body.latitude === null || body.longitude === null) errors.latitude = '请在地图上选择服务地点'
      if (!(body.recruit_count >= 1 && body.recruit_count <= 100)) errors.recruit_count = '招募人数应在 1 到 100 之间'
      return errors
    },
    onSubmit() {
      // First, before any await: WeChat only shows the popup inside the tap.
      subscribe.ask(['review_result'])
      return this.submit()
    },
    async submit() {
      if (this.data.busy) return
      const full = this.body(this.data.form, this.data.picked)
      const errors = this.validate(full)
      if (Object.keys(errors).length) {
        this.setData({ errors })
        ui.showError({ message: errors[Object.keys(errors)[0]] })
        return
      }
      const body = {}
      Object.keys(full).forEach((k) => { if (!this.original || this.original[k] !== full[k]) body[k] = full[k] })
      this.setData({ busy: true })
      try {
        const saved = this.data.id ? await api.orders.update({ order_id: this.data.id }, body) : await api.orders.create(null, body)
        this.setData({ busy: false })
        ui.toast(this.data.id ? '已保存' : '已提交审核')
        wx.redirectTo({ url: '/packages/station/order/index?id=' + saved.id })
      } catch (err) {
        this.setData({ busy: false, errors: ui.fieldErrors(err) })
        ui.showError(err)
      }
    },
  },
})
