// Endpoints of the OpenAPI spec this client calls; `reads` are the response fields pages use
// (checked against the spec by tests/contract.test.js).
const { upload } = require('../utils/request')

// 上传一张图片（wx.uploadFile, multipart field `file`）: resolves the Upload.
function create(filePath) {
  return upload(filePath)
}
create.method = 'POST'
create.path = '/uploads'
create.reads = ['id', 'url']

module.exports = {
  create,
}
