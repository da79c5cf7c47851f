// 我的求助: newest first with the status, the reason of a decline and the volunteers assigned; a request
// nobody has been assigned to yet can be withdrawn. before_id paging.
const api = require('../../../api/index')
const paging = require('../../../utils/paging')
const format = require('../../../utils/format')
const ui = require('../../../utils/ui')
const labels = require('../report-help-labels')

Component({
  behaviors: [paging.listBehavior],
  data: { withdrawing: null },
  methods: {
    onLoad() {
      this.source = paging.beforeId(api.helpRequests.mine, {})
      return this.reload()
    },
    decorate(item) {
      const names = (item.assignments || []).map((a) => a.name)
      return Object.assign({}, item, labels.helpStatus(item), {
        communityName: (item.community && item.community.name) || '',
        wantedText: format.dateTime(item.wanted_at),
        createdText: format.dateTime(item.created_at),
        volunteersText: names.join('、'),
        canWithdraw: item.status === 'pending',
      })
    },
    onOpen(e) {
      wx.navigateTo({ url: '/packages/volunteer/help/index?id=' + e.currentTarget.dataset.id })
    },
    onNew() {
      wx.navigateTo({ url: '/packages/volunteer/help-new/index' })
    },
    noop() {},
    async onWithdraw(e) {
      const id = e.currentTarget.dataset.id
      if (this.data.withdrawing) return
      if (!(await ui.confirm('撤回求助', '撤回后社区将不再处理这条求助，确定撤回吗？'))) return
      this.setData({ withdrawing: id })
      try {
        const updated = await api.helpRequests.withdraw({ request_id: id })
        const index = this.data.items.findIndex((i) => i.id === id)
        if (index >= 0) {
          const row = Object.assign({}, this.data.items[index], { status: updated.status, status_label: updated.status_label })
          this.setData({ ['items[' + index + ']']: this.decorate(row) })
        }
        this.setData({ withdrawing: null })
        ui.toast('已撤回')
      } catch (err) {
        this.setData({ withdrawing: null })
        ui.showError(err)
        // 409: someone was assigned meanwhile; show the list as it is now.
        if (err.status === 409) this.reload()
      }
    },
  },
})
