// Before the jest run: the npm build of the UI library, then a fresh OpenAPI spec from the backend.
const buildNpm = require('./build-npm')
const { writeSpec } = require('./openapi')

module.exports = async () => {
  buildNpm()
  writeSpec()
}
