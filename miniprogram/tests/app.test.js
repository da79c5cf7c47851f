// The app's shape: every page app.json names exists as a Component()-page with its four files, the
// tab pages are in the main package, and the sub-packages are split by role.
const fs = require('fs')
const path = require('path')
const { ROOT, app } = require('./helpers')

const allPages = app.pages.concat(...app.subPackages.map((p) => p.pages.map((page) => `${p.root}/${page}`)))

describe('app.json', () => {
  test.each(allPages)('%s has its files and is a Component() page', (page) => {
    for (const ext of ['js', 'json', 'wxml', 'wxss']) {
      expect(fs.existsSync(path.join(ROOT, `${page}.${ext}`))).toBe(true)
    }
    const json = JSON.parse(fs.readFileSync(path.join(ROOT, `${page}.json`), 'utf8'))
    expect(json.component).toBe(true)
    expect(json.navigationBarTitleText).toBeTruthy()
    expect(fs.readFileSync(path.join(ROOT, `${page}.js`), 'utf8')).toMatch(/Component\(\{/)
  })

  test('tab pages live in the main package', () => {
    app.tabBar.list.forEach((tab) => expect(app.pages).toContain(tab.pagePath))
  })

  test('utils/nav knows exactly the tab-bar pages', () => {
    expect(require('../utils/nav').TAB_PAGES).toEqual(app.tabBar.list.map((t) => t.pagePath))
  })

  test('sub-packages by role', () => {
    expect(app.subPackages.map((p) => p.root)).toEqual(
      ['packages/volunteer', 'packages/station', 'packages/association', 'packages/org', 'packages/community'])
  })

  test('every page has a test that renders it', () => {
    const testsDir = path.join(__dirname)
    const sources = []
    const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).forEach((e) => {
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.name.endsWith('.test.js')) sources.push(fs.readFileSync(p, 'utf8'))
    })
    walk(testsDir)
    const all = sources.join('\n')
    const untested = allPages.filter((page) => !all.includes(`'${page}'`))
    expect(untested).toEqual([])
  })
})
