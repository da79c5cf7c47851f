const { renderPage, text, tap, flush } = require('../../helpers')
const { answers, need, claim, score, volunteerOrg } = require('../../fixtures/org')
const common = require('../../fixtures/common')
const { envelope } = require('../../wx')

const server = () => global.wx.__server
const PAGE = 'packages/org/need/index'
const ACCEPTED = claim({ status: 'accepted', status_label: '认领成功', decided_at: '2026-06-03T02:00:00+00:00' })
const CLAIMED = need({ status: 'claimed', status_label: '已认领', accepted_org_id: 41, accepted_org_name: '天河青年志愿服务队', phones_visible: true, leader_mobile: '13800005678', pending_claim_count: 0 })

function serve(user) {
  server().on('GET /me', user || answers['GET /me'])
  server().on('GET /subscriptions', common.answers['GET /subscriptions'])
  server().on('POST /subscriptions', common.answers['POST /subscriptions'])
  ;['GET /needs/{need_id}', 'GET /needs/{need_id}/claims', 'GET /claims/{claim_id}/scores', 'GET /needs/{need_id}/activities']
    .forEach((k) => server().on(k, answers[k]))
}
const PENDING = need({ my_claim: claim() })
const conflict = (error, message) => ({ status: 409, body: envelope(409, error, message) })

describe('org need page: the publishing league', () => {
  test('shows the need, its phone, its claims with 同意 / 退回 and 撤回需求', async () => {
    serve()
    server().on('GET /needs/{need_id}', need({ phones_visible: true, leader_mobile: '13800005678' }))
    const page = await renderPage(PAGE, { id: '101' })
    const t = text(page)
    expect(t).toContain('【七彩假期】暑期四点半课堂')
    expect(t).toContain('待认领')
    expect(t).toContain('13800005678')
    expect(t).not.toContain('认领通过后可见')
    expect(t).toContain('认领申请（1）')
    expect(t).toContain('我们有 8 名师范生志愿者')
    expect(t).toContain('待确认')
    expect(page.querySelector('#accept-201')).toBeTruthy()
    expect(page.querySelector('#withdraw-need')).toBeTruthy()
    expect(page.querySelector('#claim')).toBeFalsy()
    expect(server().callsTo('GET /claims/mine')).toEqual([])
    await page.instance.onCall()
    expect(global.wx.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '13800005678' })
  })

  test('同意 accepts the claim and shows the fresh state', async () => {
    serve()
    server().on('POST /claims/{claim_id}/accept', answers['POST /claims/{claim_id}/accept'])
    const page = await renderPage(PAGE, { id: '101' })
    server().on('GET /needs/{need_id}', CLAIMED)
    server().on('GET /needs/{need_id}/claims', { items: [ACCEPTED] })
    await tap(page, '#accept-201', 'click')
    await flush()
    expect(server().last('POST /claims/{claim_id}/accept').params).toEqual({ claim_id: '201' })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已同意认领' }))
    expect(text(page)).toContain('认领成功')
    expect(text(page)).toContain('13800005678')
    expect(page.querySelector('#complete')).toBeTruthy()
    expect(page.querySelector('#accept-201')).toBeFalsy()
  })

  test('同意 after another claim was accepted (409) shows why and refreshes', async () => {
    serve()
    server().on('POST /claims/{claim_id}/accept', conflict('need_already_claimed', '该需求已同意其他组织的认领'))
    const page = await renderPage(PAGE, { id: '101' })
    await tap(page, '#accept-201', 'click')
    await flush()
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '该需求已同意其他组织的认领' }))
    expect(server().callsTo('GET /needs/{need_id}').length).toBe(2)
  })

  test('退回 asks a reason and sends it; cancelling sends nothing', async () => {
    serve()
    server().on('POST /claims/{claim_id}/return', answers['POST /claims/{claim_id}/return'])
    const page = await renderPage(PAGE, { id: '101' })
    await tap(page, '#return-201', 'click')
    expect(server().callsTo('POST /claims/{claim_id}/return')).toEqual([]) // empty reason refused
    global.wx.__modalText = '人数不足'
    await tap(page, '#return-201', 'click')
    await flush()
    expect(server().last('POST /claims/{claim_id}/return').data).toEqual({ reason: '人数不足' })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已退回' }))
    global.wx.__modalText = ''
  })

  test('撤回需求 sends the reason', async () => {
    serve()
    server().on('POST /needs/{need_id}/withdraw', answers['POST /needs/{need_id}/withdraw'])
    const page = await renderPage(PAGE, { id: '101' })
    global.wx.__modalText = '活动取消'
    await tap(page, '#withdraw-need', 'click')
    await flush()
    global.wx.__modalText = ''
    expect(server().last('POST /needs/{need_id}/withdraw')).toMatchObject({ params: { need_id: '101' }, data: { reason: '活动取消' } })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '需求已撤回' }))
  })

  test('标记完成 on a claimed need; both sides\' scores and activities show; 评分 sends stars and comment', async () => {
    serve()
    server().on('GET /needs/{need_id}', CLAIMED)
    server().on('GET /needs/{need_id}/claims', { items: [ACCEPTED] })
    server().on('GET /claims/{claim_id}/scores', [])
    server().on('POST /needs/{need_id}/complete', answers['POST /needs/{need_id}/complete'])
    server().on('POST /claims/{claim_id}/score', answers['POST /claims/{claim_id}/score'])
    const page = await renderPage(PAGE, { id: '101' })
    expect(text(page)).toContain('双方尚未评分')
    expect(text(page)).toContain('【七彩假期】四点半课堂第一期')
    expect(page.querySelector('#publish-activity')).toBeFalsy()
    expect(server().last('GET /needs/{need_id}/activities').query).toEqual({ limit: '20' })
    await tap(page, '#score', 'click')
    expect(server().callsTo('POST /claims/{claim_id}/score')).toEqual([])
    page.instance.onStars({ detail: 4 })
    page.instance.onComment({ detail: ' 准时认真 ' })
    server().on('GET /claims/{claim_id}/scores', [score({ stars: 4, comment: '准时认真' })])
    server().on('GET /needs/{need_id}/claims', { items: [Object.assign({}, ACCEPTED, { league_scored: true })] })
    await tap(page, '#score', 'click')
    await flush()
    expect(server().last('POST /claims/{claim_id}/score')).toMatchObject({ params: { claim_id: '201' }, data: { stars: 4, comment: '准时认真' } })
    expect(text(page)).toContain('团组织评价志愿服务组织：4 星')
    expect(page.querySelector('#score')).toBeFalsy()
    await tap(page, '#complete', 'click')
    expect(server().last('POST /needs/{need_id}/complete').params).toEqual({ need_id: '101' })
  })

  test('评分 already given (409) shows the message and refreshes', async () => {
    serve()
    server().on('GET /needs/{need_id}', CLAIMED)
    server().on('GET /needs/{need_id}/claims', { items: [ACCEPTED] })
    server().on('POST /claims/{claim_id}/score', conflict('already_scored', '您已为该认领评过分，不能重复评分'))
    const page = await renderPage(PAGE, { id: '101' })
    page.instance.onStars({ detail: 5 })
    await tap(page, '#score', 'click')
    await flush()
    expect(server().last('POST /claims/{claim_id}/score').data).toEqual({ stars: 5, comment: null })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '您已为该认领评过分，不能重复评分' }))
    expect(server().callsTo('GET /needs/{need_id}').length).toBe(2)
  })

  test('another league sees the need without any action', async () => {
    serve()
    server().on('GET /needs/{need_id}', need({ league_org_id: 99, league_name: '共青团广州市越秀区委员会' }))
    const page = await renderPage(PAGE, { id: '101' })
    expect(text(page)).toContain('共青团广州市越秀区委员会')
    expect(page.querySelector('#withdraw-need')).toBeFalsy()
    expect(page.querySelector('#claim')).toBeFalsy()
    expect(server().callsTo('GET /needs/{need_id}/claims')).toEqual([])
  })
})

describe('org need page: a volunteer-service organisation', () => {
  test('before the league accepts its claim the phone (null) reads 认领通过后可见 and cannot be called', async () => {
    serve(volunteerOrg)
    server().on('GET /needs/{need_id}', PENDING)
    const page = await renderPage(PAGE, { id: '101' })
    expect(page.querySelector('#mobile').dom.textContent).toContain('认领通过后可见')
    expect(text(page)).not.toMatch(/138|5678|null/)
    await page.instance.onCall()
    expect(global.wx.makePhoneCall).not.toHaveBeenCalled()
  })

  test('我要认领 asks for the result message first and sends the organisation and the message', async () => {
    serve(volunteerOrg)
    server().on('POST /needs/{need_id}/claims', answers['POST /needs/{need_id}/claims'])
    const page = await renderPage(PAGE, { id: '101' })
    expect(page.querySelector('#accept-201')).toBeFalsy()
    expect(text(page)).not.toContain('我的认领')
    await tap(page, '#claim', 'click')
    expect(text(page)).toContain('请填写认领说明')
    expect(server().callsTo('POST /needs/{need_id}/claims')).toEqual([])
    page.instance.onMessage({ detail: ' 我们有 8 名师范生志愿者 ' })
    server().on('GET /needs/{need_id}', PENDING)
    await tap(page, '#claim', 'click')
    await flush()
    expect(global.wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['tpl-result'] }))
    expect(server().last('POST /needs/{need_id}/claims')).toMatchObject({ params: { need_id: '101' }, data: { organisation_id: 41, message: '我们有 8 名师范生志愿者' } })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已提交认领' }))
    expect(text(page)).toContain('我的认领')
    expect(page.querySelector('#withdraw-claim')).toBeTruthy()
    expect(page.querySelector('#claim')).toBeFalsy()
  })

  test('a returned claim shows why and offers 重新认领', async () => {
    serve(volunteerOrg)
    server().on('GET /needs/{need_id}', need({ my_claim: claim({ status: 'returned', status_label: '认领失败', reason: '人数不足' }) }))
    const page = await renderPage(PAGE, { id: '101' })
    expect(text(page)).toContain('认领失败')
    expect(text(page)).toContain('退回原因：人数不足')
    expect(text(page)).toContain('重新认领')
    expect(page.querySelector('#withdraw-claim')).toBeFalsy()
    expect(page.querySelector('#claim')).toBeTruthy()
  })

  test('a claim of another organisation of mine is not this one\'s', async () => {
    serve(volunteerOrg)
    server().on('GET /needs/{need_id}', need({ my_claim: claim({ org_id: 77, org_name: '另一志愿队' }) }))
    const page = await renderPage(PAGE, { id: '101' })
    expect(text(page)).not.toContain('我的认领')
    expect(page.querySelector('#claim')).toBeTruthy()
  })

  test('an incomplete profile (409) says so and links to the profile', async () => {
    serve(volunteerOrg)
    server().on('POST /needs/{need_id}/claims', conflict('profile_incomplete', '请先完善组织信息（登记证号、联系人、联系电话、服务领域、组织简介）后再认领'))
    const page = await renderPage(PAGE, { id: '101' })
    page.instance.onMessage({ detail: '愿意认领' })
    await tap(page, '#claim', 'click')
    await flush()
    expect(text(page)).toContain('请先完善组织信息')
    await tap(page, '#to-profile', 'tap')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/org/profile/index' })
  })

  test('a 422 on the message shows it in place', async () => {
    serve(volunteerOrg)
    server().on('POST /needs/{need_id}/claims', { status: 422, body: envelope(422, 'validation_error', '提交的内容有误', { message: ['最多 500 字'] }) })
    const page = await renderPage(PAGE, { id: '101' })
    page.instance.onMessage({ detail: '很长' })
    await tap(page, '#claim', 'click')
    await flush()
    expect(text(page)).toContain('最多 500 字')
  })

  test('撤销认领 withdraws the pending claim', async () => {
    serve(volunteerOrg)
    server().on('GET /needs/{need_id}', PENDING)
    server().on('POST /claims/{claim_id}/withdraw', answers['POST /claims/{claim_id}/withdraw'])
    const page = await renderPage(PAGE, { id: '101' })
    expect(text(page)).toContain('待确认')
    await tap(page, '#withdraw-claim', 'click')
    await flush()
    expect(server().last('POST /claims/{claim_id}/withdraw').params).toEqual({ claim_id: '201' })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已撤销认领' }))
  })

  test('an accepted claim shows the phone, scores, and 发布活动 for the claimer', async () => {
    serve(volunteerOrg)
    server().on('GET /needs/{need_id}', Object.assign({}, CLAIMED, { my_claim: ACCEPTED }))
    server().on('GET /needs/{need_id}/activities', (req) => (req.query.before_id
      ? { items: [], next_before_id: null }
      : { items: [answers['GET /needs/{need_id}/activities'].items[0]], next_before_id: 401 }))
    const page = await renderPage(PAGE, { id: '101' })
    expect(text(page)).toContain('13800005678')
    expect(text(page)).toContain('团组织评价志愿服务组织：5 星')
    expect(text(page)).toContain('认真负责')
    expect(page.querySelector('#score')).toBeTruthy()
    await page.instance.onCall()
    expect(global.wx.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '13800005678' })
    await tap(page, '#more-activities', 'click')
    expect(server().last('GET /needs/{need_id}/activities').query).toEqual({ limit: '20', before_id: '401' })
    await tap(page, '#publish-activity', 'click')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/org/activity-form/index?claim_id=201&need_id=101' })
  })
})

describe('org need page: states', () => {
  test('a missing need shows the message and 重试 loads again', async () => {
    serve()
    server().on('GET /needs/{need_id}', { status: 404, body: envelope(404, 'need_not_found', '需求不存在') })
    const page = await renderPage(PAGE, { id: '999' })
    expect(text(page)).toContain('需求不存在')
    server().on('GET /needs/{need_id}', answers['GET /needs/{need_id}'])
    await tap(page, '#retry', 'click')
    expect(text(page)).toContain('【七彩假期】暑期四点半课堂')
  })

  test('pull-to-refresh loads again', async () => {
    serve()
    const page = await renderPage(PAGE, { id: '101' })
    await page.instance.onPullDownRefresh()
    expect(server().callsTo('GET /needs/{need_id}').length).toBe(2)
    expect(global.wx.stopPullDownRefresh).toHaveBeenCalled()
  })
})
