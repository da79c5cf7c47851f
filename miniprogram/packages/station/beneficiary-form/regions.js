// The form's places: 户籍区域 → 户籍街道 (any street of the city), and 所在社区 among the communities of the
// station's own street (the server refuses others). A Behavior so the form's js stays readable.
const api = require('../../../api/index')

module.exports = Behavior({
  data: { districts: [], streets: [], communities: [], districtCode: '' },
  methods: {
    // stationRegion: the station's street as GET /me gives it (code and parent_code, its district).
    async loadRegions(stationRegion, districtCode, form) {
      const stationStreet = stationRegion ? stationRegion.code : null
      let district = districtCode
      if (!district && stationStreet) {
        // A new entry most often lives in the station's street: start there.
        district = stationRegion.parent_code || ''
        if (!form.household_street_code) form.household_street_code = stationStreet
      }
      const [districts, streets, communities] = await Promise.all([
        api.regions.list({ level: 'district' }),
        district ? api.regions.list({ parent_code: district }) : [],
        stationStreet ? api.regions.list({ parent_code: stationStreet }) : [],
      ])
      this.setData({ districts, streets, communities, districtCode: district || '' })
    },
    async onDistrict(e) {
      const district = this.data.districts[Number(e.detail.value)]
      if (!district || district.code === this.data.districtCode) return
      this.setData({ districtCode: district.code, streets: [], 'form.household_street_code': '' })
      this.refreshLabels()
      try {
        this.setData({ streets: await api.regions.list({ parent_code: district.code }) })
      } catch (err) {
        require('../../../utils/ui').showError(err)
      }
    },
    onStreet(e) {
      const street = this.data.streets[Number(e.detail.value)]
      this.set('household_street_code', street ? street.code : '')
      this.refreshLabels()
    },
    onCommunity(e) {
      const community = this.data.communities[Number(e.detail.value)]
      this.set('community_code', community ? community.code : '')
      this.refreshLabels()
    },
  },
})
