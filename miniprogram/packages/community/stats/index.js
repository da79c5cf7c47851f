// 志愿统计 for city, district and community admins: totals of my region, and bar charts by child
// region and by work unit. Bars are plain views whose widths are percentages of the largest value,
// computed here. Tapping a child region drills into it (the server checks it is within my reach).
const api = require('../../../api/index')
const format = require('../../../utils/format')

const METRICS = [
  { name: 'hours', title: '服务时长' },
  { name: 'volunteers', title: '志愿者人数' },
]

// Rows with `value` (a number: hours come as strings) and `percent` of the largest, one decimal; an
// all-zero chart has no bars rather than dividing by zero.
function bars(rows, metric, labelKey) {
  const values = (rows || []).map((r) => Number(r[metric]) || 0)
  const max = Math.max(0, ...values)
  return (rows || []).map((r, i) => ({
    key: r.code || r[labelKey],
    code: r.code || null,
    label: r[labelKey] || '未填写',
    value: values[i],
    text: metric === 'hours' ? values[i] + ' 小时' : values[i] + ' 人',
    percent: max > 0 ? Math.round((values[i] / max) * 1000) / 10 : 0,
  }))
}

Component({
  data: {
    metrics: METRICS,
    metric: 'hours',
    loading: true,
    error: '',
    stats: null,
    monthText: '',
    trail: [], // regions drilled into, [{code, name}], the last one is shown
    workUnit: '',
    childBars: [],
    unitBars: [],
  },
  methods: {
    onLoad() {
      return this.load()
    },
    onPullDownRefresh() {
      return this.load().then(() => wx.stopPullDownRefresh())
    },
    async load() {
      const trail = this.data.trail
      const regionCode = trail.length ? trail[trail.length - 1].code : null
      this.setData({ loading: true, error: '' })
      try {
        const stats = await api.community.stats({ region_code: regionCode, work_unit: this.data.workUnit.trim() || null })
        this.setData({ loading: false, stats, monthText: format.date(stats.month_start) })
        this.draw()
      } catch (err) {
        this.setData({ loading: false, error: err.message || '加载失败' })
      }
    },
    draw() {
      const s = this.data.stats
      if (!s) return
      this.setData({
        childBars: bars(s.children, this.data.metric, 'name'),
        unitBars: bars(s.work_units, this.data.metric, 'work_unit'),
      })
    },
    onMetric(e) {
      this.setData({ metric: e.currentTarget.dataset.name })
      this.draw()
    },
    onChild(e) {
      const { code, label } = e.currentTarget.dataset
      if (!code) return null
      this.setData({ trail: this.data.trail.concat([{ code, name: label }]) })
      return this.load()
    },
    onUp() {
      this.setData({ trail: this.data.trail.slice(0, -1) })
      return this.load()
    },
    onWorkUnit(e) {
      this.setData({ workUnit: e.detail })
    },
    onSearch() {
      return this.load()
    },
    onClearWorkUnit() {
      this.setData({ workUnit: '' })
      return this.load()
    },
  },
})
