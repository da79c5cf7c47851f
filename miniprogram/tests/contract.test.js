// The client against the backend's OpenAPI spec, generated fresh for this run (scripts/openapi.js):
// every endpoint the client can call exists with that method and path, every response field it reads
// is in the response schema, and every fixture the page tests answer with has the spec's shape.
const fs = require('fs')
const path = require('path')
const api = require('../api/index')
const { loadSpec, operation, responseSchema, checkRead, checkShape } = require('./schema')

const spec = loadSpec()

const endpoints = []
Object.keys(api).forEach((moduleName) => {
  Object.keys(api[moduleName]).forEach((fnName) => {
    const fn = api[moduleName][fnName]
    endpoints.push({ name: `${moduleName}.${fnName}`, method: fn.method, path: fn.path, reads: fn.reads || [] })
  })
})

// Requests made outside api/*.js would escape this test: nothing else may call wx.request.
function sourceFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return ['node_modules', 'miniprogram_npm', 'tests', 'scripts'].includes(e.name) ? [] : sourceFiles(p)
    return p.endsWith('.js') ? [p] : []
  })
}

describe('contract with the OpenAPI spec', () => {
  test('the client declares its endpoints', () => {
    expect(endpoints.length).toBeGreaterThan(100)
  })

  test.each(endpoints.map((e) => [e.name, e]))('%s exists in the spec', (name, e) => {
    const op = operation(spec, e.method, e.path)
    if (!op) throw new Error(`${name}: ${e.method} ${e.path} is not in the backend's OpenAPI spec`)
  })

  test.each(endpoints.filter((e) => e.reads.length).map((e) => [e.name, e]))('%s reads only fields of its response', (name, e) => {
    const op = operation(spec, e.method, e.path)
    const schema = responseSchema(op)
    if (!schema) throw new Error(`${name} reads fields but ${e.method} ${e.path} answers without a body`)
    const problems = e.reads.map((field) => [field, checkRead(spec, schema, field)]).filter(([, p]) => p)
    expect(problems).toEqual([])
  })

  test('only utils/request.js talks to the network', () => {
    const root = path.join(__dirname, '..')
    const offenders = sourceFiles(root)
      .filter((f) => !f.endsWith(path.join('utils', 'request.js')))
      .filter((f) => /wx\.(request|uploadFile|downloadFile)\s*\(/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(root, f))
    expect(offenders).toEqual([])
  })

  test('every fixture answer has the shape of its response schema', () => {
    const dir = path.join(__dirname, 'fixtures')
    const problems = []
    let checked = 0
    fs.readdirSync(dir).filter((f) => f.endsWith('.js')).forEach((file) => {
      const answers = require(path.join(dir, file)).answers || {}
      Object.keys(answers).forEach((key) => {
        const [method, apiPath] = key.split(' ')
        const op = operation(spec, method, apiPath)
        if (!op) return problems.push(`${file}: ${key} is not in the spec`)
        const schema = responseSchema(op)
        if (!schema) return problems.push(`${file}: ${key} answers without a body`)
        checked += 1
        // A fixture may answer by request (a function of it, like the two activity catalogues): its answer to
        // a request without parameters is checked here; the page tests exercise the others.
        const answer = typeof answers[key] === 'function' ? answers[key]({ params: {}, query: {}, data: {} }) : answers[key]
        problems.push(...checkShape(spec, schema, answer, `${file} ${key}`))
      })
    })
    expect(problems).toEqual([])
    expect(checked).toBeGreaterThan(0)
  })
})
