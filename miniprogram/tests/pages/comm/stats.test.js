const { renderPage, text, tap, flush } = require('../../helpers')
const { answers, stats } = require('../../fixtures/comm')
const { envelope } = require('../../wx')

const PAGE = 'packages/community/stats/index'
const server = () => global.wx.__server

beforeEach(() => {
  server().on('GET /community/stats', answers['GET /community/stats'])
})

describe('community/stats', () => {
  test('shows the totals of my region as a grid, with statuses', async () => {
    const page = await renderPage(PAGE)
    expect(server().last('GET /community/stats').query).toEqual({})
    const t = text(page)
    expect(t).toContain('五山街道')
    expect(t).toContain('40志愿者')
    expect(t).toContain('18党员')
    expect(t).toContain('150.5服务时长（小时）')
    expect(t).toContain('本月自 2026-12-01 起')
    expect(t).toContain('已结束 3')
    expect(t).toContain('公众求助 4：待安排 1已办结 3')
  })

  test('bars by child region and by work unit are proportional to the largest (hours as numbers)', async () => {
    const page = await renderPage(PAGE)
    expect(page.data.childBars.map((b) => [b.label, b.value, b.percent])).toEqual([
      ['华农社区', 120, 100], ['石牌社区', 30.5, 25.4], ['茶山社区', 0, 0],
    ])
    expect(page.data.unitBars.map((b) => [b.label, b.percent])).toEqual([['华南农业大学', 80], ['天河区教育局', 100]])
    const bar = page.querySelector('.bar')
    expect(bar.dom.getAttribute('style')).toContain('width: 100%')
    expect(text(page)).toContain('30.5 小时')
  })

  test('switching to volunteer counts redraws the bars', async () => {
    const page = await renderPage(PAGE)
    await tap(page, '#metric-volunteers')
    expect(page.data.childBars.map((b) => b.percent)).toEqual([100, 33.3, 0])
    expect(page.data.unitBars.map((b) => b.percent)).toEqual([100, 20])
    expect(text(page)).toContain('25 人')
  })

  test('an all-zero chart has no widths; no children says so', async () => {
    server().on('GET /community/stats', stats({ children: [], work_units: [{ volunteers: 0, party_members: 0, new_this_month: 0, services: 0, hours: '0', work_unit: '' }] }))
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('无下级区域')
    expect(page.data.unitBars).toEqual([expect.objectContaining({ label: '未填写', percent: 0 })])
  })

  test('tapping a child region drills into it; 返回上级 goes back', async () => {
    const page = await renderPage(PAGE)
    server().on('GET /community/stats', stats({ region: { code: '440106011001', name: '华农社区', level: 'community' }, children: [] }))
    await tap(page, '.child-bar')
    expect(server().last('GET /community/stats').query).toEqual({ region_code: '440106011001' })
    expect(text(page)).toContain('华农社区')
    await tap(page, '#up', 'click')
    expect(server().last('GET /community/stats').query).toEqual({})
  })

  test('work-unit search sends work_unit', async () => {
    const page = await renderPage(PAGE)
    page.instance.onWorkUnit({ detail: ' 华农 ' })
    await page.instance.onSearch()
    await flush()
    expect(server().last('GET /community/stats').query).toEqual({ work_unit: '华农' })
    await page.instance.onClearWorkUnit()
    expect(server().last('GET /community/stats').query).toEqual({})
  })

  test('errors (403 / region out of reach) show the message and retry works; pull refresh reloads', async () => {
    server().on('GET /community/stats', { status: 403, body: envelope(403, 'forbidden', '您没有查看统计的权限') })
    const page = await renderPage(PAGE)
    expect(text(page)).toContain('您没有查看统计的权限')
    server().on('GET /community/stats', answers['GET /community/stats'])
    await tap(page, '#retry', 'click')
    expect(text(page)).toContain('华农社区')
    await page.instance.onPullDownRefresh()
    expect(global.wx.stopPullDownRefresh).toHaveBeenCalled()
  })
})
