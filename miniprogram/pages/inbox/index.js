// 消息 tab: my notifications, newest first. Opening one marks it read and follows its page; the tab
// badge is refreshed after anything changes the unread count.
const api = require('../../api/index')
const badge = require('../../utils/badge')
const format = require('../../utils/format')
const paging = require('../../utils/paging')
const nav = require('../../utils/nav')
const ui = require('../../utils/ui')

Component({
  behaviors: [paging.listBehavior],
  data: { busy: false },
  methods: {
    onLoad() {
      this.source = paging.beforeIdArray(api.inbox.list, {})
    },
    // Messages arrive while the user is elsewhere: every visit shows the current list.
    onShow() {
      return this.reload()
    },
    decorate(item) {
      return Object.assign({}, item, { time: format.dateTime(item.created_at), unread: !item.read_at })
    },
    refreshBadge() {
      return badge.refresh().catch(() => {})
    },
    async onOpen(e) {
      const index = e.currentTarget.dataset.index
      const item = this.data.items[index]
      if (!item) return
      if (item.unread) {
        try {
          await api.inbox.markRead({ item_id: item.id })
          this.setData({ ['items[' + index + '].unread']: false })
          this.refreshBadge()
        } catch (err) {
          ui.showError(err)
        }
      }
      if (item.page) nav.open(item.page)
    },
    async onReadAll() {
      if (this.data.busy) return
      this.setData({ busy: true })
      try {
        await api.inbox.markAllRead()
        ui.toast('已全部标为已读')
        this.refreshBadge()
        await this.reload()
      } catch (err) {
        ui.showError(err)
      }
      this.setData({ busy: false })
    },
  },
})
