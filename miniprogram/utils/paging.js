// Lists: pull-to-refresh, paging on reaching the bottom, and the loading / empty / error states,
// as one Behavior for pages and components. A list says how to fetch a page by setting
// `this.source = paging.cursor(api.orders.feed, () => filters)` (or pageNumber / beforeId /
// beforeIdArray, one per pagination style the API uses) and calling `this.reload()`.
//
// Answers to an older reload are dropped (a generation counter), so changing a filter while a page is
// on its way never mixes two lists.

const PAGE_SIZE = 20

// ?page=&page_size= with `total` in the answer.
function pageNumber(call, params, options) {
  const size = (options && options.size) || PAGE_SIZE
  return (next) => {
    const page = next || 1
    const query = Object.assign({}, typeof params === 'function' ? params() : params, { page, page_size: size })
    return call(query).then((res) => ({
      items: res.items || [],
      next: page * size < (res.total || 0) ? page + 1 : null,
      total: res.total,
    }))
  }
}

// ?cursor=&limit= with `next_cursor`.
function cursor(call, params, options) {
  const size = (options && options.size) || PAGE_SIZE
  return (next) => {
    const query = Object.assign({}, typeof params === 'function' ? params() : params, { limit: size })
    if (next) query.cursor = next
    return call(query).then((res) => ({ items: res.items || [], next: res.next_cursor || null }))
  }
}

// ?before_id=&limit= with `next_before_id` in an object answer.
function beforeId(call, params, options) {
  const size = (options && options.size) || PAGE_SIZE
  const nextKey = (options && options.nextKey) || 'next_before_id'
  const paramKey = (options && options.paramKey) || 'before_id'
  return (next) => {
    const query = Object.assign({}, typeof params === 'function' ? params() : params, { limit: size })
    if (next) query[paramKey] = next
    return call(query).then((res) => ({ items: res.items || [], next: res[nextKey] || null }))
  }
}

// ?before_id=&limit= answered by a bare array: a full page means there may be more.
function beforeIdArray(call, params, options) {
  const size = (options && options.size) || PAGE_SIZE
  return (next) => {
    const query = Object.assign({}, typeof params === 'function' ? params() : params, { limit: size })
    if (next) query.before_id = next
    return call(query).then((rows) => {
      const items = rows || []
      return { items, next: items.length === size ? items[items.length - 1].id : null }
    })
  }
}

const listBehavior = Behavior({
  data: {
    items: [],
    listLoading: false, // a page is on its way
    listError: '', // the last failure's Chinese message; the list-state component offers a retry
    listFinished: false, // no more pages
    listLoaded: false, // the first page has answered at least once (so an empty list is really empty)
  },
  methods: {
    reload() {
      this._generation = (this._generation || 0) + 1
      this._next = null
      this.setData({ listLoading: true, listError: '', listFinished: false })
      return this._fetch(this._generation, true)
    },
    loadMore() {
      if (this.data.listLoading || this.data.listFinished || !this.data.listLoaded) return Promise.resolve()
      this.setData({ listLoading: true, listError: '' })
      return this._fetch(this._generation, false)
    },
    _fetch(generation, first) {
      if (!this.source) throw new Error('listBehavior: set this.source before reload()')
      return this.source(first ? null : this._next).then(
        (page) => {
          if (generation !== this._generation) return
          this._failedFirst = false
          this._next = page.next
          // `decorate(item)` (optional) adds display fields (labels, formatted times) to new rows only.
          const fresh = this.decorate ? page.items.map((item) => this.decorate(item)) : page.items
          this.setData({
            items: first ? fresh : this.data.items.concat(fresh),
            listLoading: false,
            listLoaded: true,
            listFinished: !page.next,
            listTotal: page.total === undefined ? null : page.total,
          })
        },
        (err) => {
          if (generation !== this._generation) return
          // A failed reload is retried as a reload (never appended to the rows it was replacing).
          this._failedFirst = first
          this.setData({ listLoading: false, listError: (err && err.message) || '加载失败' })
        },
      )
    },
    onPullDownRefresh() {
      return this.reload().then(() => wx.stopPullDownRefresh())
    },
    onReachBottom() {
      return this.loadMore()
    },
    onListRetry() {
      return this.data.listLoaded && !this._failedFirst ? this.loadMore() : this.reload()
    },
  },
})

// Lists that another page changes (a review, an edit, an un-favourite): reload when shown again, not on
// the first show (onLoad has just loaded). Add after listBehavior.
const reloadOnReturn = Behavior({
  methods: {
    onShow() {
      if (this._shown) return this.reload()
      this._shown = true
      return null
    },
  },
})

module.exports = { PAGE_SIZE, pageNumber, cursor, beforeId, beforeIdArray, listBehavior, reloadOnReturn }
