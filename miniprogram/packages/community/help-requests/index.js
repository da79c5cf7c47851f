// 求助管理: help requests sent to my community (newest first, before_id paging) by status; phones come
// masked. Tapping one opens it for assigning, declining or closing.
const api = require('../../../api/index')
const paging = require('../../../utils/paging')
const format = require('../../../utils/format')
const labels = require('../labels')

Component({
  behaviors: [paging.listBehavior],
  data: {
    tabs: labels.HELP_TABS,
    status: 'pending',
    communities: [],
    communityIndex: 0,
    scopeError: '',
    scopeLoading: true,
  },
  methods: {
    onLoad() {
      this.source = paging.beforeId(api.helpRequests.queue, () => this.filters())
      return this.loadScope()
    },
    // Back from a request that was assigned, declined or closed: it belongs to another tab now.
    onShow() {
      if (this._shown && this.data.communities.length) return this.reload()
      this._shown = true
      return null
    },
    async loadScope() {
      this.setData({ scopeLoading: true, scopeError: '' })
      try {
        const communities = await labels.myCommunities()
        if (!communities.length) return this.setData({ scopeLoading: false, scopeError: labels.NOT_STAFF })
        this.setData({ communities, scopeLoading: false })
        return this.reload()
      } catch (err) {
        return this.setData({ scopeLoading: false, scopeError: err.message || '加载失败' })
      }
    },
    filters() {
      const community = this.data.communities[this.data.communityIndex]
      return { organisation_id: community && community.id, status: this.data.status }
    },
    decorate(item) {
      return Object.assign({}, item, {
        wantedText: format.dateTime(item.wanted_at),
        createdText: format.dateTime(item.created_at),
        volunteerNames: (item.assignments || []).map((a) => a.name).join('、'),
      })
    },
    onTab(e) {
      this.setData({ status: e.currentTarget.dataset.name })
      return this.reload()
    },
    onCommunity(e) {
      this.setData({ communityIndex: Number(e.detail.value) })
      return this.reload()
    },
    onOpen(e) {
      wx.navigateTo({ url: '/packages/community/help-request/index?id=' + e.currentTarget.dataset.id })
    },
  },
})
