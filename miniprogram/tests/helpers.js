// Rendering pages and components the way the app does: app.json's global components, Vant from
// miniprogram_npm (scripts/build-npm.js), our components by absolute path. Pages are Component()s,
// so a test calls their lifecycle (onLoad/onShow/onPullDownRefresh/onReachBottom) on the instance.
const fs = require('fs')
const path = require('path')
const simulate = require('miniprogram-simulate')

const ROOT = path.join(__dirname, '..')
const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8'))

// "@vant/weapp/button/index" → "/miniprogram_npm/@vant/weapp/button/index": the npm build's place.
function resolveUsing(map) {
  const out = {}
  Object.keys(map || {}).forEach((tag) => {
    const target = map[tag]
    out[tag] = target.startsWith('/') || target.startsWith('.') ? target : '/miniprogram_npm/' + target
  })
  return out
}

const GLOBAL_COMPONENTS = resolveUsing(app.usingComponents)

// Loaded once per test file: jest keeps its own module registry, so simulate's re-require of a page's
// js would not run Component() again. Rendering the same id many times gives fresh instances.
const loaded = {}

function load(relPath) {
  if (loaded[relPath]) return loaded[relPath]
  const file = path.join(ROOT, relPath)
  const own = JSON.parse(fs.readFileSync(file + '.json', 'utf8')).usingComponents || {}
  loaded[relPath] = simulate.load(file, {
    rootPath: ROOT,
    usingComponents: Object.assign({}, GLOBAL_COMPONENTS, resolveUsing(own)),
  })
  return loaded[relPath]
}

// Lets pending fake requests (setTimeout 0) and the promise chains behind them run.
async function flush(rounds) {
  for (let i = 0; i < (rounds || 6); i += 1) {
    // eslint-disable-next-line no-await-in-loop
    await simulate.sleep(0)
  }
}

// Renders a page ('pages/feed/index'), attaches it, runs onLoad(query) and onShow, and waits for the
// requests they start.
async function renderPage(relPath, query, props) {
  const comp = simulate.render(load(relPath), props || {})
  comp.attach(document.createElement('parent-wrapper'))
  const inst = comp.instance
  if (typeof inst.onLoad === 'function') await inst.onLoad(query || {})
  if (typeof inst.onShow === 'function') await inst.onShow()
  await flush()
  return comp
}

async function renderComponent(relPath, props) {
  const comp = simulate.render(load(relPath), props || {})
  comp.attach(document.createElement('parent-wrapper'))
  await flush()
  return comp
}

// van-popup shows its content after a timed transition: wait (bounded, about a second) until `words`
// show, then for the requests that started; a fixed number of turns is too few on a loaded machine.
async function waitForText(comp, words) {
  for (let i = 0; i < 100 && !text(comp).includes(words); i += 1) {
    // eslint-disable-next-line no-await-in-loop
    await simulate.sleep(10)
  }
  await flush()
}

// Text of the rendered tree, whitespace squeezed, for "shows X" assertions.
function text(comp) {
  return comp.dom.textContent.replace(/\s+/g, ' ').trim()
}

// Dispatches `event` ('tap' for views, 'click' for van-button) on the first node matching `selector`
// and waits for what it starts.
async function tap(comp, selector, event, detail) {
  const node = comp.querySelector(selector)
  if (!node) throw new Error('nothing matches ' + selector)
  node.dispatchEvent(event || 'tap', detail === undefined ? {} : { detail })
  await flush()
  return node
}

module.exports = { ROOT, app, load, flush, waitForText, renderPage, renderComponent, text, tap, server: () => global.wx.__server }
