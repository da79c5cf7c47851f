// Writes the backend's OpenAPI spec, generated fresh from the code (flask-smorest's `flask openapi
// write`), to tests/.openapi.json for the contract test. Uses the project's virtualenv (`make venv`),
// or $PYTHON. Called by jest's globalSetup, so every test run checks against the code as it is now.
const { spawnSync } = require('child_process')
const fs = require('fs')
const os = require('os')
const path = require('path')

const project = path.join(__dirname, '..', '..')
const out = path.join(__dirname, '..', 'tests', '.openapi.json')

function writeSpec() {
  const python = process.env.PYTHON || path.join(project, '.venv', 'bin', 'python')
  if (!fs.existsSync(python) && !process.env.PYTHON) {
    throw new Error(`no Python at ${python}: run \`make venv\` in ${project} (the contract test needs the backend's spec)`)
  }
  const instance = fs.mkdtempSync(path.join(os.tmpdir(), 'timebank-openapi-'))
  const env = Object.assign({}, process.env, { TIMEBANK_ENV: 'test', TIMEBANK_INSTANCE_DIR: instance })
  // The spec does not depend on the database; keep the suite's databases out of it.
  delete env.TEST_DATABASE_URL
  const res = spawnSync(python, ['-m', 'flask', '--app', 'wsgi', 'openapi', 'write', out], { cwd: project, env, encoding: 'utf8' })
  fs.rmSync(instance, { recursive: true, force: true })
  if (res.status !== 0) throw new Error('flask openapi write failed:\n' + res.stdout + res.stderr)
  return out
}

module.exports = { writeSpec, out }
if (require.main === module) console.log(writeSpec())
