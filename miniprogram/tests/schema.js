// Just enough OpenAPI 3 schema walking for the contract test: resolve $ref, merge allOf, try each
// branch of anyOf/oneOf, follow "a.b[].c" field paths, and check a fixture's shape against a schema.
const fs = require('fs')
const path = require('path')

const SPEC_FILE = path.join(__dirname, '.openapi.json')
const PREFIX = '/api/v1'

function loadSpec() {
  if (!fs.existsSync(SPEC_FILE)) throw new Error('tests/.openapi.json is missing: jest globalSetup writes it (scripts/openapi.js)')
  return JSON.parse(fs.readFileSync(SPEC_FILE, 'utf8'))
}

function deref(spec, schema) {
  let s = schema
  while (s && s.$ref) s = spec.components.schemas[s.$ref.split('/').pop()]
  return s || {}
}

// Every concrete alternative a value of this schema may take (anyOf/oneOf expanded, allOf merged).
function variants(spec, schema) {
  const s = deref(spec, schema)
  if (s.anyOf || s.oneOf) return [].concat(...(s.anyOf || s.oneOf).map((b) => variants(spec, b)))
  if (s.allOf) {
    const merged = { type: 'object', properties: {}, required: [] }
    s.allOf.forEach((part) => variants(spec, part).forEach((v) => {
      Object.assign(merged.properties, v.properties || {})
      merged.required = merged.required.concat(v.required || [])
      if (v.additionalProperties !== undefined) merged.additionalProperties = v.additionalProperties
    }))
    return [merged]
  }
  return [s]
}

function operation(spec, method, apiPath) {
  const item = spec.paths[PREFIX + apiPath]
  return item ? item[method.toLowerCase()] : undefined
}

// The schema of the first 2xx answer with a JSON body (null for 204s).
function responseSchema(op) {
  const codes = Object.keys(op.responses || {}).filter((c) => /^2\d\d$/.test(c)).sort()
  for (const code of codes) {
    const content = op.responses[code].content
    if (content && content['application/json']) return content['application/json'].schema
  }
  return null
}

// Does the field path ("items[].beneficiary.name") exist in the schema? Returns '' or the reason.
function checkRead(spec, schema, fieldPath) {
  let current = [schema]
  for (const raw of fieldPath.split('.')) {
    const isArray = raw.endsWith('[]')
    const name = isArray ? raw.slice(0, -2) : raw
    const next = []
    current.forEach((sch) => variants(spec, sch).forEach((v) => {
      if (name === '' && isArray && v.type === 'array') next.push(v.items)
      else if (v.properties && v.properties[name]) {
        const prop = v.properties[name]
        if (isArray) variants(spec, prop).forEach((p) => { if (p.type === 'array') next.push(p.items) })
        else next.push(prop)
      } else if (v.additionalProperties && typeof v.additionalProperties === 'object' && !v.properties) {
        next.push(v.additionalProperties) // a map: any key
      }
    }))
    if (!next.length) return `"${raw}" is not in the response schema`
    current = next
  }
  return ''
}

function typeOk(v, value) {
  if (value === null) return Boolean(v.nullable) || v.type === undefined
  switch (v.type) {
    case 'integer': return Number.isInteger(value)
    case 'number': return typeof value === 'number'
    case 'string': return typeof value === 'string'
    case 'boolean': return typeof value === 'boolean'
    case 'array': return Array.isArray(value)
    case 'object': return typeof value === 'object' && !Array.isArray(value)
    default: return true
  }
}

// Problems with a fixture body against a schema: unknown fields, wrong types, values outside an enum.
function checkShape(spec, schema, value, where) {
  const options = variants(spec, schema)
  let best = null
  for (const v of options) {
    const problems = []
    if (v.enum && value !== null && !v.enum.includes(value)) problems.push(`${where}: ${JSON.stringify(value)} is not one of ${v.enum.join(', ')}`)
    else if (!typeOk(v, value)) problems.push(`${where}: expected ${v.type}${v.nullable ? ' or null' : ''}, got ${JSON.stringify(value)}`)
    else if (value !== null && v.type === 'array') {
      value.forEach((item, i) => problems.push(...checkShape(spec, v.items, item, `${where}[${i}]`)))
    } else if (value !== null && typeof value === 'object' && (v.properties || v.additionalProperties)) {
      Object.keys(value).forEach((key) => {
        if (v.properties && v.properties[key]) problems.push(...checkShape(spec, v.properties[key], value[key], `${where}.${key}`))
        else if (v.additionalProperties && typeof v.additionalProperties === 'object') problems.push(...checkShape(spec, v.additionalProperties, value[key], `${where}.${key}`))
        else if (v.additionalProperties === false || v.properties) problems.push(`${where}.${key} is not in the schema`)
      })
    }
    if (!problems.length) return []
    if (!best || problems.length < best.length) best = problems
  }
  return best || []
}

module.exports = { loadSpec, operation, responseSchema, checkRead, checkShape, PREFIX }
