const { renderComponent, text, tap } = require('../helpers')

describe('components/list-state', () => {
  test('loading, empty, error with retry, and the end of the list', async () => {
    const c = await renderComponent('components/list-state/index', { loading: true })
    expect(text(c)).toContain('加载中')
    c.setData({ loading: false, loaded: true, count: 0, emptyText: '暂无订单' })
    expect(text(c)).toContain('暂无订单')
    c.setData({ count: 3, finished: true })
    expect(text(c)).toBe('没有更多了')
    const retry = jest.fn()
    c.instance.triggerEvent = retry
    c.setData({ error: '网络不给力，请检查网络后重试' })
    expect(text(c)).toContain('网络不给力，请检查网络后重试')
    await tap(c, '#retry', 'click')
    expect(retry).toHaveBeenCalledWith('retry')
  })
})
