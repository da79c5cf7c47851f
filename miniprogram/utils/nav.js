// Opening a page by its path (as notifications carry them): tab-bar pages only open with switchTab,
// which takes no query; everything else with navigateTo. TAB_PAGES mirrors app.json's tabBar
// (tests/app.test.js keeps them equal).
const TAB_PAGES = ['pages/home/index', 'pages/feed/index', 'pages/activities/index', 'pages/inbox/index', 'pages/mine/index']

function open(page) {
  const path = String(page).replace(/^\//, '')
  const bare = path.split('?')[0]
  if (TAB_PAGES.indexOf(bare) >= 0) return wx.switchTab({ url: '/' + bare })
  return wx.navigateTo({ url: '/' + path })
}

module.exports = { TAB_PAGES, open }
