// Endpoints of the OpenAPI spec this client calls; `reads` are the response fields pages use
// (checked against the spec by tests/contract.test.js).
const { endpoint } = require('../utils/request')

module.exports = {
  // 团队之星、个人之星（某区域最近一个已评出的季度，或指定季度；志愿者姓名脱敏）
  stars: endpoint('GET /showcase/stars', { reads: [] }),
  // 专业志愿者、志愿者团队、服务基地（按类型、区域筛选；按排序显示，用 cursor 翻页）
  entries: endpoint('GET /showcase/entries', { reads: [] }),
  // 展示详情（含照片）
  entry: endpoint('GET /showcase/entries/{entry_id}', { reads: [] }),
}
