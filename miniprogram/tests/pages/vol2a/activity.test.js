const { renderPage, text, tap, flush } = require('../../helpers')
const { envelope } = require('../../wx')
const { answers: commonAnswers } = require('../../fixtures/common')
const fx = require('../../fixtures/vol2a')

const server = () => global.wx.__server
const PAGE = 'packages/volunteer/activity/index'

describe('packages/volunteer/activity (活动详情)', () => {
  beforeEach(() => {
    server().on('GET /subscriptions', commonAnswers['GET /subscriptions'])
    server().on('POST /subscriptions', commonAnswers['POST /subscriptions'])
  })

  test('shows the activity: organiser, place, time, places left, content', async () => {
    server().on('GET /activities/{activity_id}', fx.answers['GET /activities/{activity_id}'])
    const page = await renderPage(PAGE, { id: '301' })
    expect(server().last('GET /activities/{activity_id}').params.activity_id).toBe('301')
    const shown = text(page)
    expect(shown).toContain('华农社区长者义剪')
    expect(shown).toContain('五山街道华农社区居委会')
    expect(shown).toContain('华农社区活动中心')
    expect(shown).toContain('12-05 14:00–16:00')
    expect(shown).toContain('已报名 4 / 10，剩余 6')
    expect(shown).toContain('为社区长者免费理发')
    expect(shown).toContain('我要报名')
    expect(shown).not.toContain('活动反馈')
    await page.instance.onPlace()
    expect(global.wx.openLocation).toHaveBeenCalledWith(expect.objectContaining({ latitude: 23.157, longitude: 113.353 }))
  })

  test('我要报名 asks for subscriptions first, signs up and shows my sign-up', async () => {
    server().on('GET /activities/{activity_id}', fx.answers['GET /activities/{activity_id}'])
    server().on('POST /activities/{activity_id}/signups', fx.answers['POST /activities/{activity_id}/signups'])
    const page = await renderPage(PAGE, { id: '301' })
    server().on('GET /activities/{activity_id}', fx.activityDetail({ my_signup_id: 901, signed_up_count: 5, places_left: 5 }))
    await tap(page, '#signup', 'click')
    await flush()
    expect(global.wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['tpl-status', 'tpl-reminder'] }))
    expect(server().last('POST /activities/{activity_id}/signups').params.activity_id).toBe('301')
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '报名成功' }))
    expect(text(page)).toContain('您已报名该活动')
    expect(text(page)).toContain('取消报名')
  })

  test('a full activity (409) shows the message and the fresh state', async () => {
    server().on('GET /activities/{activity_id}', fx.answers['GET /activities/{activity_id}'])
    server().on('POST /activities/{activity_id}/signups', { status: 409, body: envelope(409, 'activity_full', '该活动报名人数已满') })
    const page = await renderPage(PAGE, { id: '301' })
    server().on('GET /activities/{activity_id}', fx.activityDetail({ signed_up_count: 10, places_left: 0 }))
    await tap(page, '#signup', 'click')
    await flush()
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '该活动报名人数已满' }))
    expect(text(page)).toContain('名额已满')
    expect(page.querySelector('#signup')).toBeFalsy()
  })

  test('an activity that has started (409) shows the message', async () => {
    server().on('GET /activities/{activity_id}', fx.answers['GET /activities/{activity_id}'])
    server().on('POST /activities/{activity_id}/signups', { status: 409, body: envelope(409, 'activity_started', '活动已开始，不能报名') })
    const page = await renderPage(PAGE, { id: '301' })
    await tap(page, '#signup', 'click')
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '活动已开始，不能报名' }))
    expect(page.data.busy).toBe(false)
  })

  test('without a real name the page offers to fill it in', async () => {
    server().on('GET /activities/{activity_id}', fx.answers['GET /activities/{activity_id}'])
    server().on('POST /activities/{activity_id}/signups', { status: 409, body: envelope(409, 'real_name_required', '请先在“我的”中填写真实姓名后再报名') })
    const page = await renderPage(PAGE, { id: '301' })
    await tap(page, '#signup', 'click')
    await flush()
    expect(global.wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: '请先在“我的”中填写真实姓名后再报名' }))
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/volunteer/profile/index' })
  })

  test('取消报名 confirms, cancels my sign-up and shows the button again', async () => {
    server().on('GET /activities/{activity_id}', fx.activityDetail({ my_signup_id: 901 }))
    server().on('POST /activity-signups/{signup_id}/cancel', fx.answers['POST /activity-signups/{signup_id}/cancel'])
    const page = await renderPage(PAGE, { id: '301' })
    server().on('GET /activities/{activity_id}', fx.answers['GET /activities/{activity_id}'])
    await tap(page, '#cancel', 'click')
    await flush()
    expect(global.wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '取消报名' }))
    expect(server().last('POST /activity-signups/{signup_id}/cancel').params.signup_id).toBe('901')
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已取消报名' }))
    expect(text(page)).toContain('我要报名')
  })

  test('declining the confirmation sends nothing; a 409 on cancel shows the message', async () => {
    server().on('GET /activities/{activity_id}', fx.activityDetail({ my_signup_id: 901 }))
    server().on('POST /activity-signups/{signup_id}/cancel', { status: 409, body: envelope(409, 'activity_started', '活动已开始，不能取消报名') })
    const page = await renderPage(PAGE, { id: '301' })
    global.wx.showModal = jest.fn((opts) => opts.success({ confirm: false, cancel: true }))
    await tap(page, '#cancel', 'click')
    expect(server().callsTo('POST /activity-signups/{signup_id}/cancel')).toHaveLength(0)
    global.wx.showModal = jest.fn((opts) => opts.success({ confirm: true }))
    await tap(page, '#cancel', 'click')
    await flush()
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '活动已开始，不能取消报名' }))
  })

  test('the public feedback shows its summary and photos, which open in the previewer', async () => {
    server().on('GET /activities/{activity_id}', fx.activityDetail({ status: 'ended', status_label: '已结束', feedback: fx.feedback }))
    const page = await renderPage(PAGE, { id: '301' })
    expect(text(page)).toContain('活动反馈')
    expect(text(page)).toContain('共服务长者 23 人')
    expect(page.querySelectorAll('.detail__photo')).toHaveLength(2)
    expect(page.querySelector('#signup')).toBeFalsy()
    page.instance.onPhoto({ currentTarget: { dataset: { index: 1 } } })
    expect(global.wx.previewImage).toHaveBeenCalledWith({ urls: fx.feedback.photo_urls, current: fx.feedback.photo_urls[1] })
  })

  test('a cancelled activity shows its reason and no sign-up button', async () => {
    server().on('GET /activities/{activity_id}', fx.activityDetail({ status: 'cancelled', status_label: '已取消', status_reason: '台风停课' }))
    const page = await renderPage(PAGE, { id: '301' })
    expect(text(page)).toContain('取消原因：台风停课')
    expect(page.querySelector('#signup')).toBeFalsy()
  })

  test('not found and server errors show a retry that works', async () => {
    server().on('GET /activities/{activity_id}', { status: 404, body: envelope(404, 'activity_not_found', '活动不存在') })
    let page = await renderPage(PAGE, { id: '999' })
    expect(text(page)).toContain('活动不存在或已删除')
    server().on('GET /activities/{activity_id}', { status: 500, body: envelope(500, 'server_error', '服务器开小差了，请稍后再试') })
    page = await renderPage(PAGE, { id: '301' })
    expect(text(page)).toContain('服务器开小差了，请稍后再试')
    server().on('GET /activities/{activity_id}', fx.answers['GET /activities/{activity_id}'])
    await tap(page, '#retry', 'click')
    expect(text(page)).toContain('华农社区长者义剪')
  })
})
