const { renderPage, text, tap, flush } = require('../../helpers')
const { answers, sheet } = require('../../fixtures/comm')
const { envelope } = require('../../wx')

const PAGE = 'packages/community/attendance/index'
const server = () => global.wx.__server

beforeEach(() => {
  server().on('GET /activities/{activity_id}/attendance', answers['GET /activities/{activity_id}/attendance'])
  server().on('GET /activities/{activity_id}/feedback', answers['GET /activities/{activity_id}/feedback'])
  server().on('POST /uploads', require('../../fixtures/common').answers['POST /uploads'])
})

describe('community/attendance', () => {
  test('shows each signed-up volunteer with masked phone, their state and the existing feedback', async () => {
    const page = await renderPage(PAGE, { id: '40' })
    expect(server().last('GET /activities/{activity_id}/attendance').params.activity_id).toBe('40')
    const t = text(page)
    expect(t).toContain('垃圾分类宣传')
    expect(t).toContain('138****5678')
    expect(t).toContain('张伟')
    expect(t).toContain('每人最多 2 小时')
    expect(page.data.rows.map((r) => [r.choice, r.hours])).toEqual([['attended', 2], ['absent', 2]])
    expect(page.data.summary).toBe('共发放宣传册 200 份')
    expect(page.data.feedbackPhotos).toEqual([{ id: 601, url: answers['GET /activities/{activity_id}/feedback'].photo_urls[0] }, { id: 602, url: answers['GET /activities/{activity_id}/feedback'].photo_urls[1] }])
    expect(page.querySelectorAll('.stepper').length).toBe(1)
  })

  test('no feedback yet (404) is an empty form, not an error', async () => {
    server().on('GET /activities/{activity_id}/feedback', { status: 404, body: envelope(404, 'feedback_not_found', '该活动还没有活动反馈') })
    const page = await renderPage(PAGE, { id: '40' })
    expect(page.data.loadError).toBe('')
    expect(page.data.summary).toBe('')
    expect(text(page)).toContain('保存反馈')
  })

  test('no sign-ups: says so and nothing can be submitted', async () => {
    server().on('GET /activities/{activity_id}/attendance', sheet({ items: [] }))
    const page = await renderPage(PAGE, { id: '40' })
    expect(text(page)).toContain('暂无报名的志愿者')
    await page.instance.onSubmit()
    expect(server().callsTo('PUT /activities/{activity_id}/attendance')).toEqual([])
  })

  test('an error shows the message; retry loads', async () => {
    server().on('GET /activities/{activity_id}/attendance', { status: 403, body: envelope(403, 'forbidden', '只有发布方可以确认') })
    const page = await renderPage(PAGE, { id: '40' })
    expect(text(page)).toContain('只有发布方可以确认')
    server().on('GET /activities/{activity_id}/attendance', answers['GET /activities/{activity_id}/attendance'])
    await tap(page, '#retry', 'click')
    expect(text(page)).toContain('垃圾分类宣传')
  })

  test('not confirmable yet: the reason is shown and submit is disabled', async () => {
    server().on('GET /activities/{activity_id}/attendance', sheet({ confirmable: false, not_confirmable_reason: '活动尚未开始，开始后才能确认' }))
    const page = await renderPage(PAGE, { id: '40' })
    expect(text(page)).toContain('活动尚未开始，开始后才能确认')
  })

  test('提交 sends the whole list with half-hour steps and shows the confirmed sheet', async () => {
    server().on('PUT /activities/{activity_id}/attendance', answers['PUT /activities/{activity_id}/attendance'])
    const page = await renderPage(PAGE, { id: '40' })
    page.instance.onHours({ currentTarget: { dataset: { index: 0 } }, detail: '1.5' })
    await tap(page, '#submit', 'click')
    await flush()
    expect(server().last('PUT /activities/{activity_id}/attendance').data).toEqual({
      items: [{ volunteer_id: 12, attended: true, hours: 1.5 }, { volunteer_id: 13, attended: false }],
    })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已确认' }))
    expect(text(page)).toContain('已确认 2 人，已到 1 人，共 1.5 小时')
    expect(text(page)).toContain('提交更正')
  })

  test('marking someone 未到 drops their hours; a 409 correction shows the message and keeps the edits', async () => {
    server().on('PUT /activities/{activity_id}/attendance', { status: 409, body: envelope(409, 'correction_not_covered', '志愿者的积分已使用，无法扣回，不能这样更正') })
    const page = await renderPage(PAGE, { id: '40' })
    page.instance.onChoice({ currentTarget: { dataset: { index: 0 } }, detail: 'absent' })
    page.instance.onChoice({ currentTarget: { dataset: { index: 1 } }, detail: 'attended' })
    await tap(page, '#submit', 'click')
    await flush()
    expect(server().last('PUT /activities/{activity_id}/attendance').data).toEqual({
      items: [{ volunteer_id: 12, attended: false }, { volunteer_id: 13, attended: true, hours: 2 }],
    })
    expect(text(page)).toContain('志愿者的积分已使用，无法扣回，不能这样更正')
    expect(page.data.rows[0].choice).toBe('absent')
    expect(page.data.busy).toBe(false)
  })

  test('feedback: summary and photos are saved; an empty summary is refused; 422 in place', async () => {
    server().on('PUT /activities/{activity_id}/feedback', answers['PUT /activities/{activity_id}/feedback'])
    const page = await renderPage(PAGE, { id: '40' })
    page.instance.onSummary({ detail: '   ' })
    await tap(page, '#save-feedback', 'click')
    expect(text(page)).toContain('请填写活动情况')
    page.instance.onSummary({ detail: '发放宣传册 300 份' })
    // one more photo through the picker: chooseMedia + POST /uploads
    const picker = page.querySelector('#photos')
    await picker.instance.onChoose()
    await flush()
    expect(page.data.photoIds).toEqual([601, 602, 501])
    await tap(page, '#save-feedback', 'click')
    await flush()
    expect(server().last('PUT /activities/{activity_id}/feedback').data).toEqual({ summary: '发放宣传册 300 份', photo_upload_ids: [601, 602, 501] })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '反馈已保存' }))
    server().on('PUT /activities/{activity_id}/feedback', { status: 422, body: envelope(422, 'validation_error', '提交的内容有误', { summary: ['内容过长'] }) })
    await tap(page, '#save-feedback', 'click')
    await flush()
    expect(text(page)).toContain('内容过长')
  })
})
