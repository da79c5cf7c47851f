// Public lists page by cursor with 加载更多: the first page on load, each further page appended.
import { ref, shallowRef, type Ref } from 'vue'
import { ApiError } from '@/api/client'

export function useLoadMore<Row, C = string>(fetchPage: (cursor: C | null) => Promise<{ items: Row[]; next: C | null }>) {
  const rows = shallowRef<Row[]>([]) as Ref<Row[]>
  const next = ref<C | null>(null) as Ref<C | null>
  const loading = ref(false)
  const error = ref('')
  const done = ref(false)
  let sequence = 0

  async function load(more = false): Promise<void> {
    const mine = ++sequence
    loading.value = true
    error.value = ''
    try {
      const page = await fetchPage(more ? next.value : null)
      if (mine !== sequence) return
      rows.value = more ? [...rows.value, ...page.items] : page.items
      next.value = page.next
      done.value = page.next === null || page.next === undefined
    } catch (e) {
      if (mine === sequence) error.value = e instanceof ApiError ? e.message : '加载失败，请稍后重试'
    } finally {
      if (mine === sequence) loading.value = false
    }
  }

  return { rows, loading, error, done, load, more: () => load(true) }
}
