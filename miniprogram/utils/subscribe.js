// Subscribe messages: each “允许” in wx.requestSubscribeMessage lets the server send one message, so we
// ask at the taps where the user expects news (taking an order, signing up, submitting for review) and
// report what they chose to POST /subscriptions.
//
// WeChat shows the popup only when requestSubscribeMessage is called synchronously inside a tap
// handler: no await may come before it. So the template ids are loaded ahead (`preload`, on launch and
// on the pages that ask), and `ask` calls WeChat at once. Call `ask` first thing in the handler.
const api = require('../api/subscriptions')

let templates = null // purpose → template id, from GET /subscriptions
let loading = null

function preload() {
  if (templates) return Promise.resolve(templates)
  if (!loading) {
    loading = api.state()
      .then((state) => {
        templates = (state && state.templates) || {}
        return templates
      })
      .catch(() => ({}))
      .finally(() => { loading = null })
  }
  return loading
}

// Purposes are the keys of GET /subscriptions' `templates`: todo, review_result, status_change,
// service_reminder. Resolves to the reported results; never rejects: a refused popup or a failed
// report must not block the action the user tapped for.
function ask(purposes) {
  if (!templates) {
    preload() // too late for this tap; the next one can ask
    return Promise.resolve({})
  }
  const ids = purposes.map((p) => templates[p]).filter(Boolean).slice(0, 3)
  if (!ids.length) return Promise.resolve({})
  return new Promise((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds: ids,
      success: (res) => resolve(res || {}),
      fail: () => resolve({}),
    })
  }).then((res) => {
    const results = {}
    ids.forEach((id) => {
      if (typeof res[id] === 'string') results[id] = res[id]
    })
    if (!Object.keys(results).length) return {}
    return api.report(null, { results }).then(() => results, () => results)
  })
}

function reset() {
  templates = null
  loading = null
}

module.exports = { ask, preload, reset }
