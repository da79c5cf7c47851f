// 组织信息 (完善信息): a volunteer-service organisation must fill every field before it may claim needs;
// a league may keep its own. Service areas are typed as one line, split on 、，, and spaces.
const api = require('../../../api/index')
const ui = require('../../../utils/ui')
const common = require('../common')

const TEXT_FIELDS = ['registration_no', 'registered_with', 'contact_name', 'contact_phone', 'introduction']

Component({
  data: {
    loading: true,
    error: '',
    org: null,
    complete: false,
    form: {},
    logo: [], // [{id, url}] for the image picker
    errors: {},
    busy: false,
  },
  methods: {
    onLoad() {
      return this.load()
    },
    async load() {
      this.setData({ loading: true, error: '' })
      try {
        const org = await common.currentOrg()
        if (!org) throw new Error('当前账号不属于团组织或志愿服务组织')
        const profile = await api.orgs.profile({ org_id: org.id })
        const form = { service_areas: (profile.service_areas || []).join('、'), logo_upload_id: profile.logo_upload_id || null }
        TEXT_FIELDS.forEach((k) => { form[k] = profile[k] || '' })
        const logo = profile.logo_upload_id && profile.logo_url ? [{ id: profile.logo_upload_id, url: profile.logo_url }] : []
        this.setData({ loading: false, org, complete: profile.complete, form, logo })
      } catch (err) {
        this.setData({ loading: false, error: err.message || '加载失败' })
      }
    },
    onInput: common.onInput,
    onLogo(e) {
      const ids = e.detail.ids || []
      this.setData({ 'form.logo_upload_id': ids.length ? ids[0] : null, logo: e.detail.images || [], 'errors.logo_upload_id': '' })
    },
    body() {
      const f = this.data.form
      const body = {}
      TEXT_FIELDS.forEach((k) => { body[k] = common.trimOrNull(f[k]) })
      body.service_areas = String(f.service_areas || '').split(/[、，,；;\s]+/).map((s) => s.trim()).filter(Boolean)
      body.logo_upload_id = f.logo_upload_id || null
      return body
    },
    async onSave() {
      if (this.data.busy) return
      this.setData({ busy: true, errors: {} })
      try {
        const profile = await api.orgs.saveProfile({ org_id: this.data.org.id }, this.body())
        this.setData({ busy: false, complete: profile.complete })
        ui.toast('已保存')
      } catch (err) {
        this.setData({ busy: false, errors: ui.fieldErrors(err) })
        ui.showError(err)
      }
    },
  },
})
