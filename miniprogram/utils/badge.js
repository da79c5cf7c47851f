// The unread count on the 消息 tab (index 3 in app.json's tabBar).
const inbox = require('../api/inbox')

const INBOX_TAB = 3

function show(count) {
  if (count > 0) {
    wx.setTabBarBadge({ index: INBOX_TAB, text: count > 99 ? '99+' : String(count), fail: () => {} })
  } else {
    wx.removeTabBarBadge({ index: INBOX_TAB, fail: () => {} })
  }
  return count
}

function refresh() {
  return inbox.unreadCount().then((res) => show((res && res.unread) || 0))
}

module.exports = { refresh, show, INBOX_TAB }
