const { renderPage, text, tap, flush, waitForText } = require('../../helpers')
const { answers } = require('../../fixtures/comm')
const { envelope } = require('../../wx')

const PAGE = 'packages/community/volunteers/index'
const server = () => global.wx.__server

beforeEach(() => {
  server().on('GET /community/volunteers', answers['GET /community/volunteers'])
  server().on('GET /community/volunteers/{user_id}', answers['GET /community/volunteers/{user_id}'])
})

describe('community/volunteers', () => {
  test('lists volunteers with masked phones, work unit and totals', async () => {
    const page = await renderPage(PAGE)
    expect(server().last('GET /community/volunteers').query).toEqual({ limit: '20' })
    const t = text(page)
    expect(t).toContain('李佳怡')
    expect(t).toContain('138****5678 · 华南农业大学')
    expect(t).toContain('服务 5 次，12.5 小时')
    expect(t).toContain('未绑定手机 · 天河区教育局')
    expect(t).toContain('2026-10-01 加入')
  })

  test('empty, error and retry', async () => {
    server().on('GET /community/volunteers', { items: [], next_before_id: null })
    let page = await renderPage(PAGE)
    expect(text(page)).toContain('暂无志愿者')
    server().on('GET /community/volunteers', { status: 404, body: envelope(404, 'region_not_found', '区域不存在') })
    page = await renderPage(PAGE)
    expect(text(page)).toContain('区域不存在')
    server().on('GET /community/volunteers', answers['GET /community/volunteers'])
    await page.instance.onListRetry()
    await flush()
    expect(text(page)).toContain('李佳怡')
  })

  test('filters: name, work unit, party member; paging with before_id; refresh', async () => {
    const page = await renderPage(PAGE)
    page.instance.onName({ detail: ' 李 ' })
    page.instance.onWorkUnit({ detail: '华农' })
    await page.instance.onSearch()
    expect(server().last('GET /community/volunteers').query).toEqual({ name: '李', work_unit: '华农', limit: '20' })
    await tap(page, '#party-true')
    expect(server().last('GET /community/volunteers').query).toEqual({ name: '李', work_unit: '华农', party_member: 'true', limit: '20' })
    await page.instance.onClear({ currentTarget: { dataset: { key: 'name' } } })
    expect(server().last('GET /community/volunteers').query).toEqual({ work_unit: '华农', party_member: 'true', limit: '20' })
    await page.instance.onReachBottom()
    expect(server().last('GET /community/volunteers').query.before_id).toBe('13')
    await page.instance.onPullDownRefresh()
    expect(global.wx.stopPullDownRefresh).toHaveBeenCalled()
  })

  test('a row opens the volunteer with activities and attendance', async () => {
    const page = await renderPage(PAGE)
    await tap(page, '.volunteer-row')
    await waitForText(page, '李佳怡（党员）')
    expect(server().last('GET /community/volunteers/{user_id}').params.user_id).toBe('12')
    const t = text(page)
    expect(t).toContain('李佳怡（党员）')
    expect(t).toContain('垃圾分类宣传')
    expect(t).toContain('已到 1.5 小时')
    expect(t).toContain('未确认')
    expect(t).toContain('进行中')
  })

  test('a failed detail shows the message and retries', async () => {
    server().on('GET /community/volunteers/{user_id}', { status: 403, body: envelope(403, 'forbidden', '该志愿者不在您的管理范围内') })
    const page = await renderPage(PAGE)
    await tap(page, '.volunteer-row')
    await waitForText(page, '该志愿者不在您的管理范围内')
    expect(text(page)).toContain('该志愿者不在您的管理范围内')
    server().on('GET /community/volunteers/{user_id}', answers['GET /community/volunteers/{user_id}'])
    await tap(page, '#detail-retry', 'click')
    await waitForText(page, '垃圾分类宣传')
    expect(text(page)).toContain('垃圾分类宣传')
  })
})
