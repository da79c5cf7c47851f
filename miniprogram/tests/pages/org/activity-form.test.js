const { renderPage, text, tap, flush } = require('../../helpers')
const { answers, need, volunteerOrg } = require('../../fixtures/org')
const { envelope } = require('../../wx')

const server = () => global.wx.__server
const PAGE = 'packages/org/activity-form/index'
// The places inside the need's street (五山街道, 440106011)
const COMMUNITIES = [{ id: 21, code: '440106011001', name: '华农社区', level: 'community' }, { id: 22, code: '440106011002', name: '五山社区', level: 'community' }]

function serve() {
  server().on('GET /me', volunteerOrg)
  server().on('GET /catalogues/{kind}', answers['GET /catalogues/{kind}'])
  server().on('GET /needs/{need_id}', need({ status: 'claimed', status_label: '已认领' }))
  server().on('GET /regions', COMMUNITIES)
  server().on('POST /claims/{claim_id}/activities', answers['POST /claims/{claim_id}/activities'])
}
const QUERY = { claim_id: '201', need_id: '101' }

function fill(page, values) {
  Object.keys(values).forEach((key) => page.instance.onInput({ currentTarget: { dataset: { key } }, detail: values[key] }))
}
const FULL = {
  title: '四点半课堂第一期', category_index: { value: '1' }, type_index: { value: '1' }, place: '华农社区活动室', start_day: { value: '2026-07-11' },
  start_time: { value: '15:00' }, end_day: { value: '2026-07-11' }, end_time: { value: '17:00' }, content: '课业辅导与阅读',
}

describe('org activity form', () => {
  test('loads the activity categories and types, and the need\'s region (the default) with the places in it', async () => {
    serve()
    const page = await renderPage(PAGE, QUERY)
    expect(server().callsTo('GET /catalogues/{kind}').map((c) => c.params.kind).sort()).toEqual(['activity_category', 'activity_type'])
    expect(text(page)).toContain('活动类型')
    expect(text(page)).toContain('日常服务')
    expect(server().last('GET /needs/{need_id}').params).toEqual({ need_id: '101' })
    expect(server().last('GET /regions').query).toEqual({ parent_code: '440106011' })
    expect(text(page)).toContain('助学支教')
    expect(text(page)).toContain('五山街道')
    expect(text(page)).not.toContain('需求所在区域')
    expect(page.data.regions.map((r) => r.name)).toEqual(['五山街道', '华农社区', '五山社区'])
  })

  test('an old link without the need still offers the need\'s region, sent as null', async () => {
    serve()
    const page = await renderPage(PAGE, { claim_id: '201' })
    expect(text(page)).toContain('需求所在区域')
    expect(server().callsTo('GET /needs/{need_id}')).toEqual([])
    expect(server().callsTo('GET /regions')).toEqual([])
    fill(page, FULL)
    await tap(page, '#submit', 'click')
    expect(server().last('POST /claims/{claim_id}/activities').data.region_code).toBe(null)
  })

  test('publishing sends every field and goes back', async () => {
    serve()
    const page = await renderPage(PAGE, QUERY)
    fill(page, Object.assign({}, FULL, { region_index: { value: '1' } }))
    page.instance.onHeadcount({ detail: 8 })
    page.instance.onCover({ detail: { ids: [501], images: [] } })
    page.instance.onLocate()
    await flush()
    await tap(page, '#submit', 'click')
    await flush()
    expect(server().last('POST /claims/{claim_id}/activities')).toMatchObject({
      params: { claim_id: '201' },
      data: {
        title: '四点半课堂第一期', category_code: 'community', type_code: '02', region_code: '440106011001', place: '华农社区活动室',
        latitude: 23.157, longitude: 113.353, starts_at: '2026-07-11T15:00:00+08:00', ends_at: '2026-07-11T17:00:00+08:00',
        headcount: 8, content: '课业辅导与阅读', cover_upload_id: 501,
      },
    })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '活动已发布' }))
    expect(global.wx.navigateBack).toHaveBeenCalled()
  })

  test('by default the need\'s region is sent; no position and no cover are sent as null', async () => {
    serve()
    const page = await renderPage(PAGE, QUERY)
    fill(page, FULL)
    await tap(page, '#submit', 'click')
    expect(server().last('POST /claims/{claim_id}/activities').data).toMatchObject({ region_code: '440106011', latitude: null, longitude: null, cover_upload_id: null, headcount: 10 })
  })

  test('missing fields are refused in place', async () => {
    serve()
    const page = await renderPage(PAGE, QUERY)
    await tap(page, '#submit', 'click')
    expect(text(page)).toContain('请填写活动标题')
    expect(text(page)).toContain('请填写活动地点')
    expect(server().callsTo('POST /claims/{claim_id}/activities')).toEqual([])
  })

  test('a 422 shows field errors in place; a 409 shows the message', async () => {
    serve()
    server().on('POST /claims/{claim_id}/activities', { status: 422, body: envelope(422, 'validation_error', '提交的内容有误', { starts_at: ['开始时间须晚于当前时间'] }) })
    const page = await renderPage(PAGE, QUERY)
    fill(page, FULL)
    await tap(page, '#submit', 'click')
    await flush()
    expect(text(page)).toContain('开始时间须晚于当前时间')
    server().on('POST /claims/{claim_id}/activities', { status: 409, body: envelope(409, 'claim_not_accepted', '认领成功后才能发布活动') })
    await tap(page, '#submit', 'click')
    await flush()
    expect(global.wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '认领成功后才能发布活动' }))
    expect(global.wx.navigateBack).not.toHaveBeenCalled()
  })

  test('a load failure shows the message and 重试 works', async () => {
    serve()
    server().on('GET /catalogues/{kind}', { status: 500, body: envelope(500, 'server_error', '服务器开小差了，请稍后再试') })
    const page = await renderPage(PAGE, QUERY)
    expect(text(page)).toContain('服务器开小差了，请稍后再试')
    server().on('GET /catalogues/{kind}', answers['GET /catalogues/{kind}'])
    await tap(page, '#retry', 'click')
    expect(text(page)).toContain('助学支教')
  })
})
