// Endpoints of the OpenAPI spec this client calls; `reads` are the response fields pages use
// (checked against the spec by tests/contract.test.js).
const { endpoint } = require('../utils/request')

module.exports = {
  // 小程序登录：wx.login 的 code 换取本平台令牌
  mpLogin: endpoint('POST /auth/mp/login', {
    anonymous: true,
    reads: [
      'access_token', 'refresh_token', 'expires_in', 'user', 'user.id', 'user.real_name',
      'user.must_change_password', 'user.memberships',
    ],
  }),
  // 绑定手机号：getPhoneNumber 按钮的 code
  bindPhone: endpoint('POST /auth/mp/phone', { reads: ['phone'] }),
  // 机构账号密码登录（首次登录须修改初始密码）
  passwordLogin: endpoint('POST /auth/password/login', {
    anonymous: true,
    reads: [
      'access_token', 'refresh_token', 'expires_in', 'user', 'user.id', 'user.real_name',
      'user.must_change_password', 'user.memberships',
    ],
  }),
  // 修改密码（初始密码 000000 等必须先修改）
  changePassword: endpoint('POST /auth/password/change', { reads: ['id', 'must_change_password', 'memberships'] }),
  // 刷新令牌（每次刷新都会换新的 refresh_token）
  refresh: endpoint('POST /auth/refresh', {
    anonymous: true,
    reads: [
      'access_token', 'refresh_token', 'expires_in',
    ],
  }),
  // 退出登录：当前会话立即失效
  logout: endpoint('POST /auth/logout', { reads: [] }),
}
