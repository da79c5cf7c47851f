// 个人资料: name, gender, party membership and work unit are mine to edit; the service community changes
// only through 加入社区 (reviewed by the community); the phone is bound with WeChat's button.
const api = require('../../../api/index')
const auth = require('../../../utils/auth')
const ui = require('../../../utils/ui')
const { bindPhone } = require('../../../pages/mine/phone')

Component({
  data: {
    me: null,
    form: { real_name: '', gender: 'unknown', is_party_member: false, work_unit: '' },
    errors: {},
    loading: true,
    error: '',
    busy: false,
  },
  methods: {
    onLoad() {
      return this.load()
    },
    load() {
      this.setData({ loading: true, error: '' })
      return auth.currentUser(true).then(
        (me) => this.setData({
          loading: false,
          me,
          form: {
            real_name: me.real_name || '',
            gender: me.gender || 'unknown',
            is_party_member: Boolean(me.is_party_member),
            work_unit: me.work_unit || '',
          },
        }),
        (err) => this.setData({ loading: false, error: (err && err.message) || '加载失败' }),
      )
    },
    onRetry() {
      return this.load()
    },
    onField(e) {
      const field = e.currentTarget.dataset.field
      this.setData({ ['form.' + field]: e.detail, ['errors.' + field]: '' })
    },
    onPhone(e) {
      return bindPhone(e).then((phone) => {
        if (phone) this.setData({ 'me.phone': phone, 'me.has_phone': true })
      })
    },
    onJoin() {
      wx.navigateTo({ url: '/packages/volunteer/join/index' })
    },
    async onSave() {
      if (this.data.busy) return
      const f = this.data.form
      const realName = f.real_name.trim()
      if (!realName) return this.setData({ 'errors.real_name': '请填写真实姓名' })
      const body = {
        real_name: realName,
        gender: f.gender,
        is_party_member: f.is_party_member,
        work_unit: f.work_unit.trim() || null,
      }
      this.setData({ busy: true, errors: {} })
      try {
        const me = await api.me.update(null, body)
        auth.setCurrentUser(me)
        this.setData({ busy: false, me })
        ui.toast('已保存')
      } catch (err) {
        this.setData({ busy: false, errors: ui.fieldErrors(err) })
        ui.showError(err)
      }
      return null
    },
  },
})
