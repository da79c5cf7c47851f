// Server-paged, -filtered lists: the page never loads a whole table. The latest request wins (a slow
// answer to an earlier filter never overwrites a newer one).
import { reactive, ref, shallowRef, type Ref } from 'vue'
import { ApiError } from '@/api/client'

export interface Page<Row> {
  items?: Row[]
  total?: number
}

export interface PagedList<Row, F extends object> {
  rows: Ref<Row[]>
  total: Ref<number>
  page: Ref<number>
  pageSize: Ref<number>
  loading: Ref<boolean>
  error: Ref<string>
  filters: F
  reload: () => Promise<void>
  search: () => Promise<void>
  reset: () => Promise<void>
}

export function usePagedList<Row, F extends object>(
  fetchPage: (query: { page: number; page_size: number; filters: F }) => Promise<Page<Row>>,
  initialFilters: F,
  options: { pageSize?: number } = {},
): PagedList<Row, F> {
  const rows = shallowRef<Row[]>([]) as Ref<Row[]>
  const total = ref(0)
  const page = ref(1)
  const pageSize = ref(options.pageSize ?? 10)
  const loading = ref(false)
  const error = ref('')
  const filters = reactive({ ...initialFilters }) as F
  let sequence = 0

  async function reload(): Promise<void> {
    const mine = ++sequence
    loading.value = true
    error.value = ''
    try {
      const answer = await fetchPage({ page: page.value, page_size: pageSize.value, filters: { ...filters } as F })
      if (mine !== sequence) return
      rows.value = answer.items ?? []
      total.value = answer.total ?? 0
    } catch (e) {
      if (mine !== sequence) return
      error.value = e instanceof ApiError ? e.message : '加载失败，请重试'
      rows.value = []
      total.value = 0
    } finally {
      if (mine === sequence) loading.value = false
    }
  }

  async function search(): Promise<void> {
    page.value = 1
    await reload()
  }

  async function reset(): Promise<void> {
    Object.assign(filters, initialFilters)
    await search()
  }

  return { rows, total, page, pageSize, loading, error, filters, reload, search, reset }
}

/** Drop empty filter values so the query string carries only what the user chose. */
export function compact<T extends object>(filters: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(filters).filter(([, v]) => v !== '' && v !== null && v !== undefined),
  ) as Partial<T>
}
