const { renderPage, text, tap, flush } = require('../../helpers')
const { envelope } = require('../../wx')
const { answers: commonAnswers, region } = require('../../fixtures/common')
const fx = require('../../fixtures/vol2a')

const server = () => global.wx.__server
const PAGE = 'packages/volunteer/initial-need/index'
const STREETS = [region('440106011', '五山街道', 'street', 11), region('440106012', '石牌街道', 'street', 12)]

async function fill(page) {
  const field = (name, value) => page.instance.onField({ currentTarget: { dataset: { field: name } }, detail: value })
  field('title', '楼道灯维修')
  field('content', '3 栋楼道灯坏了两个月。')
  field('contact_name', '陈晓明')
  field('contact_phone', '13900000001')
  await page.instance.onDistrict({ detail: { value: 0 } })
  await flush()
}

describe('packages/volunteer/initial-need (我有需求)', () => {
  beforeEach(() => {
    server().on('GET /subscriptions', commonAnswers['GET /subscriptions'])
    server().on('POST /subscriptions', commonAnswers['POST /subscriptions'])
    server().on('GET /regions', (req) => (req.query.parent_code ? STREETS : fx.answers['GET /regions']))
  })

  test('submits with the street as region after asking for subscriptions, then goes to my needs', async () => {
    server().on('POST /initial-needs', { status: 201, body: fx.answers['POST /initial-needs'] })
    const page = await renderPage(PAGE)
    expect(server().last('GET /regions').query).toEqual({ level: 'district' })
    await fill(page)
    expect(server().last('GET /regions').query).toEqual({ parent_code: '440106' })
    expect(text(page)).toContain('天河区')
    page.instance.onStreet({ detail: { value: 1 } })
    await flush()
    expect(text(page)).toContain('石牌街道')
    await tap(page, '#submit', 'click')
    await flush()
    expect(global.wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['tpl-result'] }))
    expect(server().last('POST /initial-needs').data).toEqual({
      title: '楼道灯维修', content: '3 栋楼道灯坏了两个月。', region_code: '440106012', contact_name: '陈晓明', contact_phone: '13900000001',
    })
    expect(global.wx.redirectTo).toHaveBeenCalledWith({ url: '/packages/volunteer/my-initial/index' })
  })

  test('the district alone is a region', async () => {
    server().on('POST /initial-needs', fx.answers['POST /initial-needs'])
    const page = await renderPage(PAGE)
    await fill(page)
    await tap(page, '#submit', 'click')
    expect(server().last('POST /initial-needs').data.region_code).toBe('440106')
  })

  test('missing fields are refused in place without a request', async () => {
    const page = await renderPage(PAGE)
    await tap(page, '#submit', 'click')
    expect(Object.keys(page.data.errors).sort()).toEqual(['contact_name', 'contact_phone', 'content', 'region_code', 'title'])
    expect(text(page)).toContain('请选择所在区域')
    expect(server().callsTo('POST /initial-needs')).toHaveLength(0)
  })

  test("the server's 422 field errors show in place", async () => {
    server().on('POST /initial-needs', { status: 422, body: envelope(422, 'validation_error', '提交的内容有误', { contact_phone: ['联系电话格式不正确'] }) })
    const page = await renderPage(PAGE)
    await fill(page)
    await tap(page, '#submit', 'click')
    await flush()
    expect(text(page)).toContain('联系电话格式不正确')
    expect(global.wx.redirectTo).not.toHaveBeenCalled()
    expect(page.data.busy).toBe(false)
  })

  test('regions that fail to load show a retry', async () => {
    server().on('GET /regions', { status: 500, body: envelope(500, 'server_error', '服务器开小差了，请稍后再试') })
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('服务器开小差了，请稍后再试')
    server().on('GET /regions', fx.answers['GET /regions'])
    await tap(page, '.link', 'tap')
    expect(page.data.districts).toHaveLength(2)
    expect(page.data.regionsError).toBe('')
  })
})
