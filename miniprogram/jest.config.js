// Client tests: pages and components run in miniprogram-simulate on jsdom with the official template
// compiler; wx.* is replaced per test by tests/wx.js (a fake API server behind wx.request).
module.exports = {
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/tests'],
  setupFilesAfterEnv: ['<rootDir>/tests/setup.js'],
  globalSetup: '<rootDir>/scripts/global-setup.js',
  testTimeout: 20000,
}
