// 发起求助: anyone signed in asks a service community for help. The contact details are stored
// encrypted by the server; the phone format is checked here too so a typo is caught before sending.
const api = require('../../../api/index')
const ui = require('../../../utils/ui')
const format = require('../../../utils/format')
const subscribe = require('../../../utils/subscribe')

const MOBILE = /^1[3-9]\d{9}$/
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/ // same rules as the server (app/core/phones.py)
const REQUIRED = { title: '请填写求助事项', content: '请填写求助内容', place: '请填写地点', contact_name: '请填写联系人' }
const LIMITS = { title: 100, content: 2000, place: 200, contact_name: 30 }

function today(offsetDays) {
  return format.date(new Date(Date.now() + (offsetDays || 0) * 86400e3).toISOString())
}

Component({
  data: {
    community: null, // {id, name}
    pickerOpen: false,
    keyword: '',
    communities: [],
    communitiesLoading: false,
    communitiesError: '',
    form: { title: '', content: '', place: '', contact_name: '', contact_phone: '' },
    day: '',
    time: '',
    minDay: today(0),
    maxDay: today(365),
    errors: {},
    busy: false,
  },
  methods: {
    onLoad() {
      subscribe.preload()
      return this.loadCommunities()
    },
    async loadCommunities() {
      this.setData({ communitiesLoading: true, communitiesError: '' })
      const query = { limit: 100 }
      if (this.data.keyword) query.name = this.data.keyword
      try {
        const res = await api.community.communities(query)
        const communities = (res.items || []).map((c) => ({
          id: c.id, name: c.name, where: [c.district_name, c.street_name].filter(Boolean).join(' '),
        }))
        this.setData({ communities, communitiesLoading: false })
      } catch (err) {
        this.setData({ communitiesLoading: false, communitiesError: err.message || '加载失败' })
      }
    },
    // The community list unfolds under the cell (a bottom popup would hide the search box behind the keyboard).
    onTogglePicker() { this.setData({ pickerOpen: !this.data.pickerOpen }) },
    onKeyword(e) { this.setData({ keyword: String(e.detail || '').trim() }) },
    onSearch(e) {
      this.setData({ keyword: String(e.detail || '').trim() })
      return this.loadCommunities()
    },
    onChooseCommunity(e) {
      const id = e.currentTarget.dataset.id
      const chosen = this.data.communities.find((c) => c.id === id)
      this.setData({ community: chosen ? { id: chosen.id, name: chosen.name } : null, pickerOpen: false, 'errors.community_id': '' })
    },
    onField(e) {
      const name = e.currentTarget.dataset.name
      this.setData({ ['form.' + name]: e.detail, ['errors.' + name]: '' })
    },
    onDay(e) { this.setData({ day: e.detail.value, 'errors.wanted_at': '' }) },
    onTime(e) { this.setData({ time: e.detail.value, 'errors.wanted_at': '' }) },

    validate() {
      const errors = {}
      const f = this.data.form
      if (!this.data.community) errors.community_id = '请选择服务社区'
      Object.keys(REQUIRED).forEach((k) => {
        const v = String(f[k] || '').trim()
        if (!v) errors[k] = REQUIRED[k]
        else if (v.length > LIMITS[k]) errors[k] = '不能超过 ' + LIMITS[k] + ' 个字'
      })
      const phone = String(f.contact_phone || '').replace(/\s/g, '')
      if (!phone) errors.contact_phone = '请填写联系电话'
      else if (!MOBILE.test(phone) && !LANDLINE.test(phone)) errors.contact_phone = '请填写正确的手机号码或固定电话'
      const wanted = format.toIso(this.data.day, this.data.time)
      if (!this.data.day || !this.data.time) errors.wanted_at = '请选择期望服务时间'
      else if (new Date(wanted).getTime() <= Date.now()) errors.wanted_at = '期望服务时间须晚于当前时间'
      return errors
    },

    async onSubmit() {
      if (this.data.busy) return
      const errors = this.validate()
      if (Object.keys(errors).length) return this.setData({ errors })
      subscribe.ask(['review_result', 'status_change']) // first, before any await
      const f = this.data.form
      const body = {
        community_id: this.data.community.id,
        title: f.title.trim(),
        content: f.content.trim(),
        place: f.place.trim(),
        wanted_at: format.toIso(this.data.day, this.data.time),
        contact_name: f.contact_name.trim(),
        contact_phone: f.contact_phone.replace(/\s/g, ''),
      }
      this.setData({ busy: true })
      try {
        await api.helpRequests.create(null, body)
        this.setData({ busy: false })
        ui.toast('求助已提交')
        wx.redirectTo({ url: '/packages/volunteer/help-mine/index' })
      } catch (err) {
        this.setData({ busy: false })
        if (err.status === 422) this.setData({ errors: ui.fieldErrors(err) })
        ui.showError(err)
      }
    },
  },
})
