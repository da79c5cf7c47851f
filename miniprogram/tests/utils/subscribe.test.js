const subscribe = require('../../utils/subscribe')
const { answers } = require('../fixtures/common')
const { envelope } = require('../wx')
const { flush } = require('../helpers')

const server = () => global.wx.__server

describe('subscribe messages', () => {
  test('asks WeChat synchronously with the preloaded template ids and reports the answers', async () => {
    server().on('GET /subscriptions', answers['GET /subscriptions'])
    server().on('POST /subscriptions', answers['POST /subscriptions'])
    await subscribe.preload()
    global.wx.requestSubscribeMessage = jest.fn((opts) => opts.success({ 'tpl-result': 'accept', 'tpl-reminder': 'reject', errMsg: 'ok' }))
    const asked = subscribe.ask(['review_result', 'service_reminder'])
    // the popup was requested within the same tick as the tap
    expect(global.wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['tpl-result', 'tpl-reminder'] }))
    expect(await asked).toEqual({ 'tpl-result': 'accept', 'tpl-reminder': 'reject' })
    expect(server().last('POST /subscriptions').data).toEqual({ results: { 'tpl-result': 'accept', 'tpl-reminder': 'reject' } })
  })

  test('before the templates are known a tap asks nothing and loads them for the next one', async () => {
    server().on('GET /subscriptions', answers['GET /subscriptions'])
    expect(await subscribe.ask(['todo'])).toEqual({})
    expect(global.wx.requestSubscribeMessage).not.toHaveBeenCalled()
    await flush()
    expect(server().callsTo('GET /subscriptions')).toHaveLength(1)
  })

  test('a refused popup or a failed report never blocks the action', async () => {
    server().on('GET /subscriptions', answers['GET /subscriptions'])
    server().on('POST /subscriptions', { status: 500, body: envelope(500, 'internal_error', '服务器内部错误') })
    await subscribe.preload()
    global.wx.requestSubscribeMessage = jest.fn((opts) => opts.fail({ errMsg: 'requestSubscribeMessage:fail cancel' }))
    await expect(subscribe.ask(['todo'])).resolves.toEqual({})
    global.wx.requestSubscribeMessage = jest.fn((opts) => opts.success({ 'tpl-todo': 'accept' }))
    await expect(subscribe.ask(['todo'])).resolves.toEqual({ 'tpl-todo': 'accept' })
  })

  test('at most three templates per popup; unknown purposes are skipped', async () => {
    server().on('GET /subscriptions', answers['GET /subscriptions'])
    server().on('POST /subscriptions', answers['POST /subscriptions'])
    await subscribe.preload()
    await subscribe.ask(['todo', 'nope', 'review_result', 'status_change', 'service_reminder'])
    expect(global.wx.requestSubscribeMessage.mock.calls[0][0].tmplIds).toEqual(['tpl-todo', 'tpl-result', 'tpl-status'])
  })
})
