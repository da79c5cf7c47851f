// Export jobs (导出任务): start one, follow its progress, retry it, download its file. The file is fetched
// through the typed client — it carries the in-memory access token (and refreshes it once on a 401) — and
// handed to the browser as a Blob URL, since a plain link cannot carry the Authorization header.
import { onBeforeUnmount, ref, shallowRef } from 'vue'
import { api, ApiError, unwrap, type Schemas } from '@/api/client'

export type ExportJob = Schemas['ExportJob']
export type ExportKind = NonNullable<ExportJob['kind']>
export type ExportStatus = NonNullable<ExportJob['status']>

export const POLL_MS = 1000
const FINAL: ExportStatus[] = ['done', 'failed', 'expired']

export function isFinal(job: ExportJob | null | undefined): boolean {
  return !!job?.status && FINAL.includes(job.status)
}

/** What the user reads about a job's state, beyond the API's one-word status_label. */
export function progressText(job: ExportJob): string {
  const total = job.rows_total
  switch (job.status) {
    case 'queued':
      return '排队中，等待后台开始导出…'
    case 'running':
      return total == null ? '正在统计要导出的行数…' : `正在导出：已写入 ${job.rows_done ?? 0} / ${total} 行`
    case 'done':
      return `导出完成，共 ${total ?? job.rows_done ?? 0} 行`
    case 'failed':
      return '导出失败'
    case 'expired':
      return '文件已过期，请重新导出'
    default:
      return job.status_label ?? ''
  }
}

/** Drop empty values: the API checks the filters with the list's own schema, where '' is not "any". */
export function compactFilters(filters: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== '' && v !== null && v !== undefined))
}

export function startExport(kind: ExportKind, filters: Record<string, unknown>): Promise<ExportJob> {
  return unwrap(api.POST('/api/v1/exports', { body: { kind, filters: compactFilters(filters) } }))
}

export function readExport(id: number): Promise<ExportJob> {
  return unwrap(api.GET('/api/v1/exports/{job_id}', { params: { path: { job_id: id } } }))
}

export function retryExport(id: number): Promise<ExportJob> {
  return unwrap(api.POST('/api/v1/exports/{job_id}/retry', { params: { path: { job_id: id } } }))
}

export function listExports(): Promise<ExportJob[]> {
  return unwrap(api.GET('/api/v1/exports')).then((answer) => answer.items ?? [])
}

/** The download name from `Content-Disposition` (RFC 6266: filename* in UTF-8 wins over filename). */
export function dispositionName(header: string | null): string | null {
  if (!header) return null
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header)
  if (star) {
    try {
      return decodeURIComponent(star[1].trim())
    } catch {
      /* fall through to the plain name */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header)
  return plain ? plain[1].trim() : null
}

/** Fetch the finished job's .xlsx and save it under its Chinese name. Throws ApiError (expired, not ready). */
export async function downloadExport(job: ExportJob): Promise<void> {
  const { data, error, response } = await api.GET('/api/v1/exports/{job_id}/file', {
    params: { path: { job_id: job.id as number } }, parseAs: 'blob',
  }).catch(() => {
    throw new ApiError(0, { message: '网络连接失败，请检查网络后重试', error: 'network' })
  })
  if (error !== undefined || !response.ok || !(data instanceof Blob)) {
    throw new ApiError(response.status, error as ConstructorParameters<typeof ApiError>[1])
  }
  const name = job.filename || dispositionName(response.headers.get('Content-Disposition')) || 'export.xlsx'
  const url = URL.createObjectURL(data)
  const link = document.createElement('a')
  link.href = url
  link.download = name
  link.style.display = 'none'
  document.body.appendChild(link)
  link.click()
  link.remove()
  // The click has handed the Blob to the browser's download; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/**
 * One job followed until it ends: `follow(job)` shows it and asks GET /exports/{id} every POLL_MS until
 * it is done, failed or expired; `stop()` (and unmounting) ends the polling. A refusal while polling
 * (the job gone, access lost) ends it with the message; a network hiccup is shown and retried.
 */
export function useExportJob() {
  const job = shallowRef<ExportJob | null>(null)
  const pollError = ref('')
  let timer: ReturnType<typeof setTimeout> | null = null
  let generation = 0

  function stop(): void {
    generation++
    if (timer !== null) clearTimeout(timer)
    timer = null
  }

  function follow(next: ExportJob): void {
    stop()
    job.value = next
    pollError.value = ''
    if (!isFinal(next)) schedule(generation)
  }

  function schedule(mine: number): void {
    timer = setTimeout(() => void poll(mine), POLL_MS)
  }

  async function poll(mine: number): Promise<void> {
    timer = null
    const id = job.value?.id
    if (id == null) return
    try {
      const answer = await readExport(id)
      if (mine !== generation) return // stopped, or following another job, meanwhile
      job.value = answer
      pollError.value = ''
      if (!isFinal(answer)) schedule(mine)
    } catch (e) {
      if (mine !== generation) return
      const refused = e instanceof ApiError && e.status >= 400 && e.status < 500
      pollError.value = e instanceof ApiError ? e.message : '查询进度失败'
      if (!refused) schedule(mine)
    }
  }

  onBeforeUnmount(stop)
  return { job, pollError, follow, stop }
}
