const { renderPage, text, tap } = require('../../helpers')
const { envelope } = require('../../wx')
const { answers } = require('../../fixtures/vol2b')

const server = () => global.wx.__server
const PAGE = 'packages/volunteer/report-new/index'

function routes() {
  server().on('GET /subscriptions', answers['GET /subscriptions'])
  server().on('POST /subscriptions', answers['POST /subscriptions'])
}

async function filled() {
  const page = await renderPage(PAGE)
  page.instance.onKind({ detail: 'plan' })
  page.instance.onTitle({ detail: ' 周末义剪活动计划 ' })
  page.instance.onContent({ detail: '计划本周六在社区广场开展义剪。' })
  page.instance.onPhotos({ detail: { ids: [501, 502], images: [] } })
  return page
}

describe('packages/volunteer/report-new (我要上报)', () => {
  beforeEach(routes)

  test('renders the form with both kinds', async () => {
    const page = await renderPage(PAGE)
    const shown = text(page)
    expect(shown).toContain('心得体会')
    expect(shown).toContain('活动计划')
    expect(shown).toContain('图片（最多 9 张）')
    expect(shown).toContain('提交审核')
  })

  test('empty title and content are refused in place, nothing sent', async () => {
    const page = await renderPage(PAGE)
    await tap(page, '#submit', 'click')
    expect(page.data.errors).toEqual({ title: '请填写标题', content: '请填写内容' })
    expect(text(page)).toContain('请填写标题')
    expect(server().callsTo('POST /reports')).toEqual([])
    expect(global.wx.requestSubscribeMessage).not.toHaveBeenCalled()
  })

  test('asks for the review-result message, posts the report, then goes to my reports', async () => {
    server().on('POST /reports', { status: 201, body: answers['POST /reports'] })
    const page = await filled()
    await tap(page, '#submit', 'click')
    expect(global.wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['tpl-result'] }))
    expect(server().last('POST /reports').data).toEqual({
      kind: 'plan', title: '周末义剪活动计划', content: '计划本周六在社区广场开展义剪。', photo_upload_ids: [501, 502],
    })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已提交审核' }))
    expect(global.wx.redirectTo).toHaveBeenCalledWith({ url: '/packages/volunteer/my-reports/index' })
  })

  test('photos from the image picker are uploaded and their ids sent', async () => {
    server().on('POST /uploads', require('../../fixtures/common').answers['POST /uploads'])
    server().on('POST /reports', { status: 201, body: answers['POST /reports'] })
    const page = await renderPage(PAGE)
    page.instance.onTitle({ detail: '标题' })
    page.instance.onContent({ detail: '内容' })
    const picker = page.querySelector('#photos')
    picker.instance.onChoose()
    await new Promise((r) => setTimeout(r, 50))
    expect(page.data.photoIds).toEqual([501])
    await tap(page, '#submit', 'click')
    expect(server().last('POST /reports').data).toEqual({ kind: 'experience', title: '标题', content: '内容', photo_upload_ids: [501] })
  })

  test('422 field errors are shown in place', async () => {
    server().on('POST /reports', { status: 422, body: envelope(422, 'validation_error', '提交的内容有误', { title: ['标题不能超过 100 个字'], photo_upload_ids: ['图片不存在'] }) })
    const page = await filled()
    await tap(page, '#submit', 'click')
    expect(text(page)).toContain('标题不能超过 100 个字')
    expect(text(page)).toContain('图片不存在')
    expect(global.wx.redirectTo).not.toHaveBeenCalled()
    expect(page.data.busy).toBe(false)
  })

  test('409 not a community volunteer shows the message and a link to join', async () => {
    server().on('POST /reports', { status: 409, body: envelope(409, 'community_volunteer_required', '请先申请加入服务社区，成为社区志愿者后再上报') })
    const page = await filled()
    await tap(page, '#submit', 'click')
    expect(text(page)).toContain('请先申请加入服务社区，成为社区志愿者后再上报')
    await tap(page, '#join', 'click')
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/volunteer/join/index' })
    expect(global.wx.redirectTo).not.toHaveBeenCalled()
  })

  test('403 also offers joining', async () => {
    server().on('POST /reports', { status: 403, body: envelope(403, 'forbidden', '没有权限') })
    const page = await filled()
    await tap(page, '#submit', 'click')
    expect(text(page)).toContain('没有权限')
    expect(page.querySelector('#join')).toBeTruthy()
  })

  test('409 community inactive shows the message without the join link', async () => {
    server().on('POST /reports', { status: 409, body: envelope(409, 'community_inactive', '您所在的服务社区已停用，暂不能上报') })
    const page = await filled()
    await tap(page, '#submit', 'click')
    expect(text(page)).toContain('您所在的服务社区已停用，暂不能上报')
    expect(page.querySelector('#join')).toBeFalsy()
  })

  test('a server failure shows a toast and allows another try', async () => {
    server().on('POST /reports', { status: 500, body: envelope(500, 'internal_error', '服务器开小差了') })
    const page = await filled()
    await tap(page, '#submit', 'click')
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '服务器开小差了' }))
    expect(page.data.busy).toBe(false)
  })
})
