// Endpoints of the OpenAPI spec this client calls; `reads` are the response fields pages use
// (checked against the spec by tests/contract.test.js).
const { endpoint } = require('../utils/request')

module.exports = {
  // 团队之星、个人之星（某区域最近一个已评出的季度，或指定季度；志愿者姓名脱敏）
  stars: endpoint('GET /showcase/stars', {
    reads: [
      'quarter', 'team', 'volunteer', 'team.team.name', 'team.citation', 'team.hours', 'volunteer.volunteer.name',
      'volunteer.volunteer.community.name', 'volunteer.hours',
    ],
  }),
}
