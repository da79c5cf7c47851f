// 发布活动: a community activity with every field of CommunityActivityForm. Start and end are picked
// as Beijing dates and times; their order is checked here before the server's 422 would say so.
const api = require('../../../api/index')
const format = require('../../../utils/format')
const ui = require('../../../utils/ui')
const labels = require('../labels')

Component({
  data: {
    loading: true,
    loadError: '',
    organisationId: null,
    categories: [],
    categoryIndex: -1,
    types: [],
    typeIndex: -1,
    regions: [],
    regionIndex: 0,
    title: '',
    place: '',
    latitude: null,
    longitude: null,
    startDay: '',
    startTime: '',
    endDay: '',
    endTime: '',
    headcount: 10,
    content: '',
    cover: [],
    coverId: null,
    errors: {},
    busy: false,
  },
  methods: {
    onLoad(query) {
      this._query = query || {}
      return this.load()
    },
    async load() {
      this.setData({ loading: true, loadError: '' })
      try {
        const communities = await labels.myCommunities()
        const wanted = Number(this._query.organisation_id) || null
        const community = communities.find((c) => c.id === wanted) || communities[0]
        if (!community) return this.setData({ loading: false, loadError: labels.NOT_STAFF })
        const [categories, types, children] = await Promise.all([
          api.catalogues.list({ kind: 'activity_category' }),
          api.catalogues.list({ kind: 'activity_type' }),
          // The activity's region lies inside the community: the community itself or one below it.
          api.regions.list({ parent_code: community.region.code }).catch(() => []),
        ])
        const regions = [{ code: community.region.code, name: community.region.name }].concat(
          (children || []).map((r) => ({ code: r.code, name: r.name })))
        this.setData({ loading: false, organisationId: community.id, categories: categories || [],
          types: types || [], regions })
      } catch (err) {
        this.setData({ loading: false, loadError: err.message || '加载失败' })
      }
    },
    onField(e) {
      const key = e.currentTarget.dataset.key
      this.setData({ [key]: e.detail, ['errors.' + key]: '' })
    },
    onPick(e) {
      // native pickers: data-key names the field, detail.value is the choice
      const key = e.currentTarget.dataset.key
      const value = /Index$/.test(key) ? Number(e.detail.value) : e.detail.value
      const errorKey = { categoryIndex: 'category_code', typeIndex: 'type_code', regionIndex: 'region_code' }[key] ||
        (/^start/.test(key) ? 'starts_at' : /^end/.test(key) ? 'ends_at' : key)
      this.setData({ [key]: value, ['errors.' + errorKey]: '' })
    },
    onHeadcount(e) {
      this.setData({ headcount: Number(e.detail), 'errors.headcount': '' })
    },
    onCover(e) {
      this.setData({ coverId: e.detail.ids[0] || null, cover: e.detail.images })
    },
    onLocation() {
      wx.chooseLocation({
        success: (res) => this.setData({
          place: this.data.place || res.name || res.address,
          latitude: res.latitude,
          longitude: res.longitude,
          'errors.place': '',
        }),
      })
    },
    check() {
      const d = this.data
      const errors = {}
      if (!d.title.trim()) errors.title = '请填写活动标题'
      if (d.categoryIndex < 0) errors.category_code = '请选择活动类别'
      if (d.typeIndex < 0) errors.type_code = '请选择活动类型'
      if (!d.place.trim()) errors.place = '请填写活动地点'
      if (!d.startDay || !d.startTime) errors.starts_at = '请选择开始时间'
      if (!d.endDay || !d.endTime) errors.ends_at = '请选择结束时间'
      if (!errors.starts_at && new Date(format.toIso(d.startDay, d.startTime)).getTime() <= Date.now()) {
        errors.starts_at = '开始时间须晚于现在'
      }
      if (!errors.starts_at && !errors.ends_at &&
        new Date(format.toIso(d.endDay, d.endTime)) <= new Date(format.toIso(d.startDay, d.startTime))) {
        errors.ends_at = '结束时间须晚于开始时间'
      }
      if (!(d.headcount >= 1 && d.headcount <= 10000)) errors.headcount = '招募人数为 1 到 10000'
      if (!d.content.trim()) errors.content = '请填写活动内容'
      return errors
    },
    body() {
      const d = this.data
      return {
        title: d.title.trim(),
        category_code: d.categories[d.categoryIndex].code,
        type_code: d.types[d.typeIndex].code,
        region_code: d.regions[d.regionIndex].code,
        place: d.place.trim(),
        latitude: d.latitude,
        longitude: d.longitude,
        starts_at: format.toIso(d.startDay, d.startTime),
        ends_at: format.toIso(d.endDay, d.endTime),
        headcount: d.headcount,
        content: d.content.trim(),
        cover_upload_id: d.coverId,
        organisation_id: d.organisationId,
      }
    },
    async onSubmit() {
      if (this.data.busy) return
      const errors = this.check()
      if (Object.keys(errors).length) return this.setData({ errors })
      this.setData({ busy: true, errors: {} })
      try {
        await api.activities.create(null, this.body())
        ui.toast('活动已发布')
        wx.navigateBack()
      } catch (err) {
        this.setData({ busy: false, errors: ui.fieldErrors(err) })
        ui.showError(err)
      }
    },
  },
})
