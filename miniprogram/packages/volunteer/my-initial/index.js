// 我提交的需求: my initial needs with the league's decision (and reason when declined); an adopted one
// links to the formal need it became.
const api = require('../../../api/index')
const format = require('../../../utils/format')
const paging = require('../../../utils/paging')

const STATUS_TAG = { pending: 'primary', adopted: 'success', declined: 'danger' }

// The endpoint answers all of mine at once: one "page" with nothing after it.
function mine() {
  return api.initialNeeds.mine().then((res) => ({ items: (res && res.items) || [], next: null }))
}

Component({
  behaviors: [paging.listBehavior],
  methods: {
    onLoad() {
      this.source = mine
      return this.reload()
    },
    decorate(item) {
      return Object.assign({}, item, { time: format.dateTime(item.created_at), tagType: STATUS_TAG[item.status] || 'default' })
    },
    onOpen(e) {
      const id = e.currentTarget.dataset.need
      if (id) wx.navigateTo({ url: '/packages/volunteer/need/index?id=' + id })
    },
    onNew() {
      wx.navigateTo({ url: '/packages/volunteer/initial-need/index' })
    },
  },
})
