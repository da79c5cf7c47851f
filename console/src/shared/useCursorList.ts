// Server-paged lists whose API pages by cursor (`before_id` … `next_before_id`), as the community lists
// (申请、上报、求助、活动、名册) do: the API gives no total, so the pager offers 首页 / 上页 / 下页 and
// remembers the cursors of the pages already seen. The latest request wins, as in usePagedList.
import { reactive, ref, shallowRef, type Ref } from 'vue'
import { ApiError } from '@/api/client'

export interface CursorPage<Row> {
  items?: Row[]
  next_before_id?: number | null
}

export interface CursorList<Row, F extends object> {
  rows: Ref<Row[]>
  page: Ref<number>
  pageSize: Ref<number>
  hasNext: Ref<boolean>
  loading: Ref<boolean>
  error: Ref<string>
  filters: F
  reload: () => Promise<void>
  search: () => Promise<void>
  reset: () => Promise<void>
  next: () => Promise<void>
  previous: () => Promise<void>
  first: () => Promise<void>
  resize: (size: number) => Promise<void>
}

export function useCursorList<Row, F extends object>(
  fetchPage: (query: { before_id?: number; limit: number; filters: F }) => Promise<CursorPage<Row>>,
  initialFilters: F,
  options: { pageSize?: number } = {},
): CursorList<Row, F> {
  const rows = shallowRef<Row[]>([]) as Ref<Row[]>
  const page = ref(1)
  const pageSize = ref(options.pageSize ?? 10)
  const hasNext = ref(false)
  const loading = ref(false)
  const error = ref('')
  const filters = reactive({ ...initialFilters }) as F
  // cursors[i] is the before_id that opens page i + 1 (undefined for the first page).
  let cursors: Array<number | undefined> = [undefined]
  let nextCursor: number | undefined
  let sequence = 0

  async function reload(): Promise<void> {
    const mine = ++sequence
    loading.value = true
    error.value = ''
    try {
      const answer = await fetchPage({ before_id: cursors[page.value - 1], limit: pageSize.value,
        filters: { ...filters } as F })
      if (mine !== sequence) return
      rows.value = answer.items ?? []
      nextCursor = answer.next_before_id ?? undefined
      hasNext.value = nextCursor !== undefined
    } catch (e) {
      if (mine !== sequence) return
      error.value = e instanceof ApiError ? e.message : '加载失败，请重试'
      rows.value = []
      hasNext.value = false
    } finally {
      if (mine === sequence) loading.value = false
    }
  }

  async function first(): Promise<void> {
    page.value = 1
    cursors = [undefined]
    await reload()
  }

  async function next(): Promise<void> {
    if (nextCursor === undefined) return
    cursors[page.value] = nextCursor
    page.value += 1
    await reload()
  }

  async function previous(): Promise<void> {
    if (page.value <= 1) return
    page.value -= 1
    await reload()
  }

  async function resize(size: number): Promise<void> {
    pageSize.value = size
    await first()
  }

  async function reset(): Promise<void> {
    Object.assign(filters, initialFilters)
    await first()
  }

  return { rows, page, pageSize, hasNext, loading, error, filters, reload, search: first, reset, next, previous,
    first, resize }
}
