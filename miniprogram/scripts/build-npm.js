// What WeChat DevTools' “工具 → 构建 npm” does for this project: copy each dependency's mini-program
// build (the `miniprogram` folder its package.json names) to miniprogram_npm/<name>. The tests load
// Vant from there exactly as the app does. Runs before jest (globalSetup) and by `npm run build:npm`.
const fs = require('fs')
const path = require('path')

const root = path.join(__dirname, '..')

function copyDir(from, to) {
  fs.mkdirSync(to, { recursive: true })
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name)
    const dst = path.join(to, entry.name)
    if (entry.isDirectory()) copyDir(src, dst)
    else fs.copyFileSync(src, dst)
  }
}

function build() {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
  for (const name of Object.keys(pkg.dependencies || {})) {
    const dir = path.join(root, 'node_modules', name)
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
    const dist = path.join(dir, meta.miniprogram || 'miniprogram_dist')
    if (!fs.existsSync(dist)) throw new Error(`${name} has no mini-program build at ${dist}`)
    const target = path.join(root, 'miniprogram_npm', name)
    fs.rmSync(target, { recursive: true, force: true })
    copyDir(dist, target)
  }
}

module.exports = build
if (require.main === module) build()
