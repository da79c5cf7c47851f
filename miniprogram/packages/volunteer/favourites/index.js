// 我的收藏: favourite needs and organisations, newest first; a need opens its page, and either can be removed.
const api = require('../../../api/index')
const paging = require('../../../utils/paging')
const ui = require('../../../utils/ui')

const KINDS = ['', 'need', 'organisation']
const KIND_LABEL = { need: '需求', organisation: '组织' }
const STATUS_LABEL = {
  unclaimed: '待认领', claimed: '已认领', completed: '已完成', withdrawn: '已撤回',
  league: '团组织', volunteer_org: '志愿服务组织',
}

Component({
  behaviors: [paging.listBehavior, paging.reloadOnReturn],
  data: { active: 0, removing: 0 },
  methods: {
    onLoad() {
      this.source = paging.beforeId(api.favourites.list, () => ({ kind: KINDS[this.data.active] }))
      return this.reload()
    },
    decorate(item) {
      return Object.assign({}, item, { kindLabel: KIND_LABEL[item.kind] || '', statusLabel: STATUS_LABEL[item.status] || '' })
    },
    onTab(e) {
      this.setData({ active: e.detail.index })
      return this.reload()
    },
    onOpen(e) {
      const item = this.data.items[e.currentTarget.dataset.index]
      if (item && item.kind === 'need') wx.navigateTo({ url: '/packages/volunteer/need/index?id=' + item.target_id })
    },
    async onRemove(e) {
      const item = this.data.items[e.currentTarget.dataset.index]
      if (!item || this.data.removing) return
      if (!(await ui.confirm('取消收藏', '确定不再收藏「' + item.title + '」吗？'))) return
      this.setData({ removing: item.id })
      try {
        await api.favourites.remove({ kind: item.kind, target_id: item.target_id })
        ui.toast('已取消收藏')
      } catch (err) {
        if (err.status !== 404) {
          this.setData({ removing: 0 })
          return ui.showError(err)
        }
      }
      this.setData({ removing: 0, items: this.data.items.filter((row) => row.id !== item.id) })
    },
  },
})
