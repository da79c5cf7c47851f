// The frame of the community admin lists (applications, activities, help requests, reports): which of
// my communities is shown (a picker when I am staff of several), its status tabs, and reloading when
// either changes or when coming back from a page that acted on a row. Pages add
// `behaviors: [paging.listBehavior, scopedList]`, set `this.source` in onLoad and call `loadScope()`.
const labels = require('./labels')

module.exports = Behavior({
  data: {
    communities: [],
    communityIndex: 0,
    scopeError: '',
    scopeLoading: true,
    busyId: null,
  },
  methods: {
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
    community() {
      return this.data.communities[this.data.communityIndex]
    },
    filters() {
      const community = this.community()
      return { organisation_id: community && community.id, status: this.data.status || null }
    },
    onTab(e) {
      this.setData({ status: e.currentTarget.dataset.name })
      return this.reload()
    },
    onCommunity(e) {
      this.setData({ communityIndex: Number(e.detail.value) })
      return this.reload()
    },
    // Back from a page that acted on a row (assigned, confirmed, published…): it may be elsewhere now.
    onShow() {
      if (this._shown && this.data.communities.length) return this.reload()
      this._shown = true
      return null
    },
  },
})
