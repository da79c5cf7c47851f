import { describe, expect, it } from 'vitest'
import { useCursorList } from '@/shared/useCursorList'

// A server of 25 rows (ids 25…1, newest first) paged by before_id, as the community lists are.
function server(seen: Array<number | undefined>) {
  return async ({ before_id, limit }: { before_id?: number; limit: number; filters: { q: string } }) => {
    seen.push(before_id)
    const ids = Array.from({ length: 25 }, (_, i) => 25 - i).filter((id) => before_id === undefined || id < before_id)
    const items = ids.slice(0, limit)
    return { items, next_before_id: ids.length > limit ? items[items.length - 1] : null }
  }
}

describe('useCursorList', () => {
  it('pages forward by next_before_id and back by the cursors it remembers', async () => {
    const seen: Array<number | undefined> = []
    const list = useCursorList(server(seen), { q: '' })
    await list.reload()
    expect(list.rows.value[0]).toBe(25)
    await list.next()
    await list.next()
    expect([list.page.value, list.rows.value, list.hasNext.value]).toEqual([3, [5, 4, 3, 2, 1], false])
    await list.next() // nothing further: stays put
    expect(list.page.value).toBe(3)
    await list.previous()
    expect([list.page.value, list.rows.value[0]]).toEqual([2, 15])
    expect(seen).toEqual([undefined, 16, 6, 16])
  })

  it('a new search, a new page size or a reset starts again from the first page', async () => {
    const seen: Array<number | undefined> = []
    const list = useCursorList(server(seen), { q: '' })
    await list.reload()
    await list.next()
    list.filters.q = '张'
    await list.search()
    expect([list.page.value, seen.at(-1)]).toEqual([1, undefined])
    await list.next()
    await list.resize(20)
    expect([list.page.value, list.rows.value.length, list.hasNext.value]).toEqual([1, 20, true])
    await list.reset()
    expect(list.filters.q).toBe('')
  })

  it('shows the API message on failure', async () => {
    const { ApiError } = await import('@/api/client')
    const list = useCursorList(() => Promise.reject(new ApiError(404, { error: 'community_not_found', message: '社区不存在' })), {})
    await list.reload()
    expect([list.error.value, list.rows.value, list.hasNext.value]).toEqual(['社区不存在', [], false])
  })
})
