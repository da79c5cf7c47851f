const { renderPage, text, tap, flush } = require('../../helpers')
const { answers } = require('../../fixtures/comm')
const { envelope } = require('../../wx')

const PAGE = 'packages/community/activity-form/index'
const server = () => global.wx.__server

beforeEach(() => {
  server().on('GET /me', answers['GET /me'])
  server().on('GET /catalogues/{kind}', answers['GET /catalogues/{kind}'])
  server().on('GET /regions', answers['GET /regions'])
  server().on('POST /activities', { status: 201, body: answers['POST /activities'] })
})

function fill(inst) {
  const field = (key, value) => inst.onField({ currentTarget: { dataset: { key } }, detail: value })
  const pick = (key, value) => inst.onPick({ currentTarget: { dataset: { key } }, detail: { value } })
  field('title', ' 敬老院陪伴 ')
  pick('categoryIndex', '1')
  pick('typeIndex', '1')
  pick('regionIndex', '1')
  field('place', '华农社区敬老院')
  pick('startDay', '2027-01-10')
  pick('startTime', '09:00')
  pick('endDay', '2027-01-10')
  pick('endTime', '11:30')
  inst.onHeadcount({ detail: 12 })
  field('content', '陪老人聊天')
  return { field, pick }
}

describe('community/activity-form', () => {
  test('loads categories, types and the regions inside my community', async () => {
    const page = await renderPage(PAGE, { organisation_id: '21' })
    expect(server().callsTo('GET /catalogues/{kind}').map((c) => c.params.kind).sort()).toEqual(['activity_category', 'activity_type'])
    expect(page.data.types.map((t) => t.name)).toEqual(['日常服务', '专项活动'])
    expect(text(page)).toContain('活动类型')
    expect(server().last('GET /regions').query).toEqual({ parent_code: '440106011001' })
    expect(page.data.regions.map((r) => r.name)).toEqual(['华农社区', '华农社区一网格'])
    expect(text(page)).toContain('活动区域')
  })

  test('a failed load shows the message and retries', async () => {
    server().on('GET /catalogues/{kind}', { status: 500, body: envelope(500, 'internal', '服务器开小差了') })
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('服务器开小差了')
    server().on('GET /catalogues/{kind}', answers['GET /catalogues/{kind}'])
    await tap(page, '#retry', 'click')
    expect(text(page)).toContain('发布')
    expect(page.data.categories.length).toBe(2)
  })

  test('empty form: errors in place, nothing sent', async () => {
    const page = await renderPage(PAGE)
    await tap(page, '#submit', 'click')
    expect(page.data.errors).toMatchObject({ title: '请填写活动标题', category_code: '请选择活动类别', type_code: '请选择活动类型', place: '请填写活动地点', starts_at: '请选择开始时间', content: '请填写活动内容' })
    expect(text(page)).toContain('请填写活动标题')
    expect(server().callsTo('POST /activities')).toEqual([])
  })

  test('the end must come after the start, the start after now', async () => {
    const page = await renderPage(PAGE)
    const { pick } = fill(page.instance)
    pick('endTime', '08:00')
    await tap(page, '#submit', 'click')
    expect(text(page)).toContain('结束时间须晚于开始时间')
    pick('startDay', '2020-01-01')
    await tap(page, '#submit', 'click')
    expect(text(page)).toContain('开始时间须晚于现在')
    expect(server().callsTo('POST /activities')).toEqual([])
  })

  test('publishes every field with Beijing times, then goes back', async () => {
    const page = await renderPage(PAGE, { organisation_id: '21' })
    fill(page.instance)
    page.instance.onCover({ detail: { ids: [501], images: [{ id: 501, url: 'u' }] } })
    await tap(page, '#location', 'click')
    await flush()
    await tap(page, '#submit', 'click')
    expect(server().last('POST /activities').data).toEqual({
      title: '敬老院陪伴',
      category_code: 'environment',
      type_code: '02',
      region_code: '440106011001001',
      place: '华农社区敬老院',
      latitude: 23.157,
      longitude: 113.353,
      starts_at: '2027-01-10T09:00:00+08:00',
      ends_at: '2027-01-10T11:30:00+08:00',
      headcount: 12,
      content: '陪老人聊天',
      cover_upload_id: 501,
      organisation_id: 21,
    })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '活动已发布' }))
    expect(global.wx.navigateBack).toHaveBeenCalled()
  })

  test('a 422 shows the server\'s field errors in place', async () => {
    server().on('POST /activities', { status: 422, body: envelope(422, 'validation_error', '提交的内容有误', { region_code: ['活动区域须在本社区内'], headcount: ['招募人数过多'] }) })
    const page = await renderPage(PAGE)
    fill(page.instance)
    await tap(page, '#submit', 'click')
    await flush()
    expect(text(page)).toContain('活动区域须在本社区内')
    expect(text(page)).toContain('招募人数过多')
    expect(global.wx.navigateBack).not.toHaveBeenCalled()
    expect(page.data.busy).toBe(false)
  })
})
