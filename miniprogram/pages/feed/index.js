// 接单大厅: open orders, filtered by district/street, service item/type and a start-time window, sorted
// by start time or (附近) by distance from where the volunteer stands. Cursor paging.
const api = require('../../api/index')
const format = require('../../utils/format')
const paging = require('../../utils/paging')

const ALL = { text: '全部', value: '' }
const DAY = 24 * 3600e3

// Start-time windows as [from, to] offsets from now in ms; a phone is no place for two date pickers.
const WINDOWS = [
  { text: '全部时间', value: '' },
  { text: '今天', value: 'today' },
  { text: '未来 3 天', value: '3d' },
  { text: '未来 7 天', value: '7d' },
  { text: '未来 30 天', value: '30d' },
]

function beijingDayEnd(now) {
  // end of today in Beijing time, as an instant
  const b = new Date(now + 8 * 3600e3)
  return Date.UTC(b.getUTCFullYear(), b.getUTCMonth(), b.getUTCDate() + 1) - 8 * 3600e3 - 1000
}

function windowRange(value, now) {
  if (!value) return {}
  const to = value === 'today' ? beijingDayEnd(now) : now + parseInt(value, 10) * DAY
  return { starts_from: new Date(now).toISOString(), starts_to: new Date(to).toISOString() }
}

const options = (rows) => [ALL].concat((rows || []).map((r) => ({ text: r.name, value: r.code })))

Component({
  behaviors: [paging.listBehavior],
  data: {
    districts: [ALL],
    streets: [ALL],
    items: [],
    serviceItems: [ALL],
    serviceTypes: [ALL],
    windows: WINDOWS,
    district: '',
    street: '',
    serviceItem: '',
    serviceType: '',
    window: '',
    nearby: false,
    locating: false,
    locationMessage: '',
  },
  methods: {
    onLoad() {
      this.position = null
      this.source = paging.cursor(api.orders.feed, () => this.filters())
      this.loadChoices()
      return this.reload()
    },
    // The filter menus fill in when they can; the list does not wait for them.
    loadChoices() {
      api.regions.list({ level: 'district' }).then((rows) => this.setData({ districts: options(rows) }), () => {})
      api.catalogues.list({ kind: 'service_item' }).then((rows) => this.setData({ serviceItems: options(rows) }), () => {})
      api.catalogues.list({ kind: 'service_type' }).then((rows) => this.setData({ serviceTypes: options(rows) }), () => {})
    },
    filters() {
      const d = this.data
      const q = Object.assign({}, windowRange(d.window, Date.now()))
      if (d.district) q.district_code = d.district
      if (d.street) q.street_code = d.street
      if (d.serviceItem) q.service_item_code = d.serviceItem
      if (d.serviceType) q.service_type_code = d.serviceType
      if (d.nearby && this.position) {
        q.sort = 'distance'
        q.lat = this.position.latitude
        q.lng = this.position.longitude
      }
      return q
    },
    decorate(o) {
      return Object.assign({}, o, {
        when: format.span(o.starts_at, o.ends_at),
        distance: typeof o.distance_km === 'number' ? o.distance_km.toFixed(1) + ' km' : '',
      })
    },
    onDistrict(e) {
      this.setData({ district: e.detail, street: '', streets: [ALL] })
      if (e.detail) {
        api.regions.list({ parent_code: e.detail }).then((rows) => this.setData({ streets: options(rows) }), () => {})
      }
      return this.reload()
    },
    onStreet(e) {
      this.setData({ street: e.detail })
      return this.reload()
    },
    onServiceItem(e) {
      this.setData({ serviceItem: e.detail })
      return this.reload()
    },
    onServiceType(e) {
      this.setData({ serviceType: e.detail })
      return this.reload()
    },
    onWindow(e) {
      this.setData({ window: e.detail })
      return this.reload()
    },
    onNearby() {
      if (this.data.locating) return null
      if (this.data.nearby) {
        this.setData({ nearby: false, locationMessage: '' })
        return this.reload()
      }
      this.setData({ locating: true, locationMessage: '' })
      return new Promise((resolve) => {
        wx.getLocation({ type: 'gcj02', success: resolve, fail: () => resolve(null) })
      }).then((pos) => {
        if (!pos) {
          // Refused or unavailable: say so and keep the list as it is (by start time).
          this.setData({ locating: false, locationMessage: '未获得位置授权，仍按开始时间排序。可在右上角“…”→“设置”中允许使用位置。' })
          return null
        }
        this.position = { latitude: pos.latitude, longitude: pos.longitude }
        this.setData({ locating: false, nearby: true })
        return this.reload()
      })
    },
    onOpen(e) {
      wx.navigateTo({ url: '/packages/volunteer/order/index?id=' + e.currentTarget.dataset.id })
    },
  },
})
