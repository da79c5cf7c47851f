// 发布需求 (a league): every field of NeedCreate. The platform adds the zone's 【…】 prefix to the title;
// the leader's phones stay hidden until a claim is accepted.
const api = require('../../../api/index')
const ui = require('../../../utils/ui')
const subscribe = require('../../../utils/subscribe')
const common = require('../common')

const REQUIRED = {
  title: '请填写需求标题', content: '请填写需求内容', start_day: '请选择开始日期', start_time: '请选择开始时间',
  end_day: '请选择结束日期', end_time: '请选择结束时间', leader_name: '请填写负责人姓名', leader_mobile: '请填写负责人手机',
}

Component({
  data: {
    loading: true,
    error: '',
    org: null,
    zones: [],
    regions: [],
    form: {
      zone_index: 0, region_index: 0, title: '', content: '', start_day: '', start_time: '', end_day: '',
      end_time: '', headcount: 1, leader_name: '', leader_mobile: '', leader_landline: '',
    },
    errors: {},
    busy: false,
  },
  methods: {
    onLoad() {
      subscribe.preload()
      return this.load()
    },
    async load() {
      this.setData({ loading: true, error: '' })
      try {
        const org = await common.currentOrg()
        if (!org || org.kind !== 'league') throw new Error('只有团组织可以发布需求')
        // The need's region: the league's own region or one of the regions under it.
        const [zones, children] = await Promise.all([
          api.needs.zones({ active: true }),
          api.regions.list({ parent_code: org.region.code }),
        ])
        this.setData({
          loading: false,
          org,
          zones: common.zoneRows(zones),
          regions: [org.region].concat(children || []).map((r) => ({ code: r.code, name: r.name })),
        })
      } catch (err) {
        this.setData({ loading: false, error: err.message || '加载失败' })
      }
    },
    onInput: common.onInput,
    onHeadcount(e) {
      this.setData({ 'form.headcount': e.detail, 'errors.headcount': '' })
    },
    body() {
      const f = this.data.form
      return Object.assign({
        organisation_id: this.data.org.id,
        zone_id: this.data.zones[Number(f.zone_index)].id,
        region_code: this.data.regions[Number(f.region_index)].code,
      }, common.needFields(f))
    },
    async onSubmit() {
      subscribe.ask(['todo']) // first, inside the tap: claims on this need arrive as to-dos
      if (this.data.busy) return
      const errors = common.missing(this.data.form, REQUIRED)
      if (Object.keys(errors).length) return this.setData({ errors })
      this.setData({ busy: true, errors: {} })
      try {
        const need = await api.needs.create(null, this.body())
        this.setData({ busy: false })
        ui.toast('发布成功')
        wx.redirectTo({ url: '/packages/org/need/index?id=' + need.id })
      } catch (err) {
        this.setData({ busy: false, errors: ui.fieldErrors(err) })
        ui.showError(err)
      }
    },
  },
})
