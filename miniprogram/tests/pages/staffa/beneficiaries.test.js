const { renderPage, text, tap, flush } = require('../../helpers')
const { answers, row } = require('../../fixtures/staffa')
const { envelope } = require('../../wx')

const server = () => global.wx.__server
const PATH = 'packages/station/beneficiaries/index'

describe('packages/station/beneficiaries (服务对象库)', () => {
  test('lists the seed\'s columns for the status asked for', async () => {
    server().on('GET /beneficiaries', answers['GET /beneficiaries'])
    const page = await renderPage(PATH, { status: 'pending' })
    const shown = text(page)
    expect(server().last('GET /beneficiaries').query).toEqual({ status: 'pending', page: '1', page_size: '20' })
    expect(shown).toContain('李桂芳')
    expect(shown).toContain('女 · 78岁 · 长者')
    expect(shown).toContain('户籍街道：五山街道')
    expect(shown).toContain('待审核')
    expect(shown).toContain('启用中')
    expect(shown).toContain('最后修改：2026-12-01 14:57')
    expect(page.data.status).toBe('pending')
  })

  test('a beneficiary that received donated points says how many; none, nothing', async () => {
    server().on('GET /beneficiaries', { items: [row(), row({ id: 32, name: '张德明', status: 'active', donated_points: 15 })], total: 2, page: 1, page_size: 20 })
    const page = await renderPage(PATH)
    const donated = page.querySelectorAll('.donated')
    expect(donated).toHaveLength(1)
    expect(text(page)).toContain('收到捐赠积分：15')
  })

  test('filters by name, gender and status tab', async () => {
    server().on('GET /beneficiaries', answers['GET /beneficiaries'])
    const page = await renderPage(PATH)
    expect(server().last('GET /beneficiaries').query.status).toBe('all')
    page.instance.onNameChange({ detail: ' 李 ' })
    await page.instance.onSearch({})
    expect(server().last('GET /beneficiaries').query).toMatchObject({ name: '李', status: 'all' })
    await tap(page, '#gender-female', 'tap')
    expect(server().last('GET /beneficiaries').query).toMatchObject({ name: '李', gender: 'female' })
    await tap(page, '#tab-rejected', 'tap')
    expect(server().last('GET /beneficiaries').query).toMatchObject({ status: 'rejected', gender: 'female', page: '1' })
  })

  test('tapping a row opens the beneficiary; 录入 opens the form', async () => {
    server().on('GET /beneficiaries', answers['GET /beneficiaries'])
    const page = await renderPage(PATH)
    await tap(page, '#row-32', 'tap')
    expect(global.wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/station/beneficiary/index?id=32' })
    await tap(page, '#add', 'click')
    expect(global.wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/station/beneficiary-form/index' })
  })

  test('empty list says so', async () => {
    server().on('GET /beneficiaries', { items: [], total: 0, page: 1, page_size: 20 })
    const page = await renderPage(PATH, { status: 'disabled' })
    expect(text(page)).toContain('暂无服务对象')
  })

  test('an error shows the message, 重试 loads again', async () => {
    server().on('GET /beneficiaries', { status: 403, body: envelope(403, 'forbidden', '没有权限') })
    const page = await renderPage(PATH)
    expect(text(page)).toContain('没有权限')
    server().on('GET /beneficiaries', answers['GET /beneficiaries'])
    page.querySelector('#state').dispatchEvent('retry')
    await flush()
    expect(text(page)).toContain('李桂芳')
  })

  test('pull-to-refresh reloads page 1; the bottom asks for page 2 while more remain', async () => {
    const many = Array.from({ length: 20 }, (_, i) => row({ id: 100 + i, name: '对象' + i }))
    server().on('GET /beneficiaries', (req) => (req.query.page === '1'
      ? { items: many, total: 21, page: 1, page_size: 20 }
      : { items: [row({ id: 200, name: '最后一位' })], total: 21, page: 2, page_size: 20 }))
    const page = await renderPage(PATH)
    await page.instance.onReachBottom()
    await flush()
    expect(server().last('GET /beneficiaries').query.page).toBe('2')
    expect(text(page)).toContain('最后一位')
    expect(page.data.listFinished).toBe(true)
    await page.instance.onPullDownRefresh()
    await flush()
    expect(server().last('GET /beneficiaries').query.page).toBe('1')
    expect(page.data.items).toHaveLength(20)
    expect(global.wx.stopPullDownRefresh).toHaveBeenCalled()
  })
})
