// 我有需求: anyone signed in submits an initial need; the leagues of its region are told and decide
// whether to adopt it. The region is a district, optionally narrowed to a street.
const api = require('../../../api/index')
const subscribe = require('../../../utils/subscribe')
const ui = require('../../../utils/ui')

Component({
  data: {
    districts: [],
    streets: [],
    districtIndex: -1,
    streetIndex: -1,
    regionsError: '',
    form: { title: '', content: '', contact_name: '', contact_phone: '' },
    errors: {},
    busy: false,
  },
  methods: {
    onLoad() {
      subscribe.preload()
      return this.loadDistricts()
    },
    async loadDistricts() {
      this.setData({ regionsError: '' })
      try {
        this.setData({ districts: await api.regions.list({ level: 'district' }) })
      } catch (err) {
        this.setData({ regionsError: err.message })
      }
    },
    onRetryRegions() { return this.loadDistricts() },
    async onDistrict(e) {
      const index = Number(e.detail.value)
      this.setData({ districtIndex: index, streetIndex: -1, streets: [], 'errors.region_code': '' })
      try {
        this.setData({ streets: await api.regions.list({ parent_code: this.data.districts[index].code }) })
      } catch (err) {
        ui.showError(err) // the district alone is still a valid region
      }
    },
    onStreet(e) {
      this.setData({ streetIndex: Number(e.detail.value) })
    },
    onField(e) {
      const field = e.currentTarget.dataset.field
      this.setData({ ['form.' + field]: e.detail, ['errors.' + field]: '' })
    },
    regionCode() {
      const { streets, streetIndex, districts, districtIndex } = this.data
      if (streetIndex >= 0 && streets[streetIndex]) return streets[streetIndex].code
      return districtIndex >= 0 && districts[districtIndex] ? districts[districtIndex].code : ''
    },
    validate(body) {
      const errors = {}
      if (body.title.length < 2) errors.title = '请填写需求标题（至少 2 个字）'
      if (!body.content) errors.content = '请填写需求内容'
      if (!body.region_code) errors.region_code = '请选择所在区域'
      if (!body.contact_name) errors.contact_name = '请填写联系人'
      if (body.contact_phone.length < 7) errors.contact_phone = '请填写联系电话'
      return errors
    },
    async onSubmit() {
      subscribe.ask(['review_result'])
      if (this.data.busy) return
      const f = this.data.form
      const body = {
        title: f.title.trim(), content: f.content.trim(), region_code: this.regionCode(),
        contact_name: f.contact_name.trim(), contact_phone: f.contact_phone.trim(),
      }
      const errors = this.validate(body)
      if (Object.keys(errors).length) return this.setData({ errors })
      this.setData({ busy: true })
      try {
        await api.initialNeeds.create(null, body)
        this.setData({ busy: false })
        ui.toast('已提交')
        wx.redirectTo({ url: '/packages/volunteer/my-initial/index' })
      } catch (err) {
        this.setData({ busy: false, errors: ui.fieldErrors(err) })
        ui.showError(err)
      }
    },
  },
})
