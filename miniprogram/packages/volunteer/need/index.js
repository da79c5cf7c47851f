// 需求详情 (public): the need with its contact (null, shown as 认领通过后可见, until the league accepts a claim) as the server gives it, the activities the
// claiming organisation published for it, 收藏, and the publishing / claiming organisation's page in a popup.
const api = require('../../../api/index')
const format = require('../../../utils/format')
const paging = require('../../../utils/paging')
const ui = require('../../../utils/ui')

Component({
  behaviors: [paging.listBehavior],
  data: {
    id: null,
    loading: true,
    error: '',
    need: null,
    span: '',
    favourited: false, // the need's is_favourite, then what my taps made of it
    favBusy: false,
    org: null,
    orgShow: false,
    orgLoading: false,
  },
  methods: {
    onLoad(query) {
      const id = Number(query && query.id)
      this.setData({ id })
      this.source = paging.beforeId(api.activities.listForNeed, { need_id: id })
      return this.load()
    },
    async load() {
      this.setData({ loading: true, error: '' })
      try {
        const need = await api.needs.get({ need_id: this.data.id })
        this.setData({
          loading: false, need, favourited: !!need.is_favourite,
          span: format.dateTime(need.starts_at) + ' 至 ' + format.dateTime(need.ends_at),
        })
        this.reload()
      } catch (err) {
        this.setData({ loading: false, error: err.status === 404 ? '需求不存在或已撤回' : err.message })
      }
    },
    onRetry() { return this.load() },
    decorate(item) {
      return Object.assign({}, item, { span: format.span(item.starts_at, item.ends_at) })
    },
    onActivity(e) {
      wx.navigateTo({ url: '/packages/volunteer/activity/index?id=' + e.currentTarget.dataset.id })
    },

    async onFavourite() {
      if (this.data.favBusy) return
      const adding = !this.data.favourited
      this.setData({ favBusy: true })
      try {
        if (adding) await api.favourites.add(null, { kind: 'need', target_id: this.data.id })
        else await api.favourites.remove({ kind: 'need', target_id: this.data.id })
        ui.toast(adding ? '已收藏' : '已取消收藏')
        this.setData({ favourited: adding, favBusy: false })
      } catch (err) {
        // Removing what is not (or no longer) there leaves the wanted state.
        if (!adding && err.status === 404) return this.setData({ favourited: false, favBusy: false })
        this.setData({ favBusy: false })
        ui.showError(err)
      }
    },

    async onOrg(e) {
      const orgId = e.currentTarget.dataset.id
      if (!orgId) return
      this.setData({ orgShow: true, orgLoading: true, org: null })
      try {
        const org = await api.orgs.page({ org_id: orgId })
        this.setData({ org, orgLoading: false })
      } catch (err) {
        this.setData({ orgShow: false, orgLoading: false })
        ui.showError(err)
      }
    },
    onOrgClose() { this.setData({ orgShow: false }) },
    async onFavouriteOrg() {
      if (this.data.favBusy) return
      const org = this.data.org
      const adding = !org.is_favourite
      this.setData({ favBusy: true })
      try {
        if (adding) await api.favourites.add(null, { kind: 'organisation', target_id: org.id })
        else await api.favourites.remove({ kind: 'organisation', target_id: org.id })
        ui.toast(adding ? '已收藏' : '已取消收藏')
        this.setData({ 'org.is_favourite': adding, favBusy: false })
      } catch (err) {
        if (!adding && err.status === 404) return this.setData({ 'org.is_favourite': false, favBusy: false })
        this.setData({ favBusy: false })
        ui.showError(err)
      }
    },
  },
})
