// 发布活动 for an accepted claim (the claiming volunteer-service organisation): every field of
// ActivityForm. The platform adds the zone's 【…】 prefix to the title. The activity's region must lie
// inside the need's: the need's own region (by name) comes first and is the default, then the places in it.
const api = require('../../../api/index')
const ui = require('../../../utils/ui')
const common = require('../common')

const REQUIRED = {
  title: '请填写活动标题', place: '请填写活动地点', content: '请填写活动内容', start_day: '请选择开始日期',
  start_time: '请选择开始时间', end_day: '请选择结束日期', end_time: '请选择结束时间',
}

Component({
  data: {
    loading: true,
    error: '',
    categories: [],
    types: [],
    regions: [],
    form: {
      title: '', category_index: 0, type_index: 0, region_index: 0, place: '', latitude: null, longitude: null, start_day: '',
      start_time: '', end_day: '', end_time: '', headcount: 10, content: '', cover_upload_id: null,
    },
    errors: {},
    busy: false,
  },
  methods: {
    onLoad(query) {
      this.claimId = Number(query && query.claim_id)
      this.needId = Number(query && query.need_id) || null
      return this.load()
    },
    async load() {
      this.setData({ loading: true, error: '' })
      try {
        const [categories, types, need] = await Promise.all([
          api.catalogues.list({ kind: 'activity_category' }),
          api.catalogues.list({ kind: 'activity_type' }),
          this.needId ? api.needs.get({ need_id: this.needId }) : Promise.resolve(null),
        ])
        // Without the need (an old link) null still means "the need's region" to the server.
        const home = need ? { code: need.region_code, name: need.region_name } : { code: null, name: '需求所在区域' }
        const children = need ? await api.regions.list({ parent_code: need.region_code }) : []
        this.setData({
          loading: false,
          categories: (categories || []).map((c) => ({ code: c.code, name: c.name })),
          types: (types || []).map((t) => ({ code: t.code, name: t.name })),
          regions: [home].concat((children || []).map((r) => ({ code: r.code, name: r.name }))),
          'form.region_index': 0,
        })
      } catch (err) {
        this.setData({ loading: false, error: err.message || '加载失败' })
      }
    },
    onInput: common.onInput,
    onHeadcount(e) {
      this.setData({ 'form.headcount': e.detail, 'errors.headcount': '' })
    },
    onCover(e) {
      const ids = e.detail.ids || []
      this.setData({ 'form.cover_upload_id': ids.length ? ids[0] : null, 'errors.cover_upload_id': '' })
    },
    onLocate() {
      wx.chooseLocation({
        success: (res) => this.setData({
          'form.place': this.data.form.place || res.name || res.address,
          'form.latitude': res.latitude,
          'form.longitude': res.longitude,
          'errors.place': '',
        }),
      })
    },
    body() {
      const f = this.data.form
      const category = this.data.categories[Number(f.category_index)]
      const type = this.data.types[Number(f.type_index)]
      return Object.assign({
        title: f.title.trim(),
        category_code: category ? category.code : null,
        type_code: type ? type.code : null,
        region_code: this.data.regions[Number(f.region_index)].code,
        place: f.place.trim(),
        latitude: f.latitude,
        longitude: f.longitude,
      }, common.times(f), {
        headcount: Number(f.headcount),
        content: f.content.trim(),
        cover_upload_id: f.cover_upload_id,
      })
    },
    async onSubmit() {
      if (this.data.busy) return
      const errors = common.missing(this.data.form, REQUIRED)
      if (!this.data.categories.length) errors.category_code = '暂无活动类别'
      if (!this.data.types.length) errors.type_code = '暂无活动类型'
      if (Object.keys(errors).length) return this.setData({ errors })
      this.setData({ busy: true, errors: {} })
      try {
        await api.activities.createForClaim({ claim_id: this.claimId }, this.body())
        this.setData({ busy: false })
        ui.toast('活动已发布')
        wx.navigateBack()
      } catch (err) {
        this.setData({ busy: false, errors: ui.fieldErrors(err) })
        ui.showError(err)
      }
    },
  },
})
